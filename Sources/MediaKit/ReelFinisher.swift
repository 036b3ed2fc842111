import FFmpegKit

/// Finishes a reel that ``ReelCopier`` or ``ReelEncoder`` wrote as an intermediate file: copies
/// its pictures, makes its sound or copies it, adds the captions as a `mov_text` track and the
/// chapters, and writes `moov` first.
///
/// The sound is made (``ReelSoundMix``) when there is music or a loudness target: the clips'
/// sound and the music are measured with EBU R128 (``LoudnessMeter``, QA's meter), the music
/// set 15 LU under the clips, the mix measured and brought to the target by one gain under a
/// -1.5 dB true-peak limiter, encoded once to AAC, and measured again on the file written;
/// when that is more than 0.2 LU from the target, or its true peak over -1 dBTP, the sound is
/// made again with the gain (or ceiling) corrected, at most twice.
struct ReelFinisher {
    /// The finished reel's path, named in errors.
    let reel: String
    let music: String?
    let loudness: Double?
    let captions: ReelCaptions
    let chapters: [ChapterInfo]?
    /// The reel's length in seconds: its sound is made exactly this long.
    let length: Double
    let open: MediaOpenOptions
    let interruption: Interruption

    /// Where the music sits under the clips' own sound, in LU.
    static let musicBelowClips = 15.0
    /// The music's level when the clips have no sound and no loudness target is set, in LUFS.
    static let musicAlone = -20.0
    /// The limiter's first ceiling: half a dB under the -1 dBTP promised, for the AAC encoder's overshoot.
    static let ceiling = -1.5
    static let truePeakLimit = -1.0
    static let tolerance = 0.2

    struct Outcome {
        var loudness: ReelLoudness?
        var notes: [String] = []
    }

    /// Finishes `body` into `temporary`.
    func write(from body: String, to temporary: String) throws(MediaError) -> Outcome {
        var outcome = Outcome()
        let hasSound = try self.ffmpeg { () throws(FFmpegError) in try self.openBody(body).bestStream(.audio) != nil }
        guard self.music != nil || (self.loudness != nil && hasSound) else {
            if let loudness = self.loudness {
                outcome.notes.append("\(self.reel): the reel has no sound: the loudness target of \(Self.lufs(loudness)) was not applied")
            }
            try self.writePass(body: body, to: temporary, sound: nil)
            return outcome
        }
        let samples = Int64((self.length * Double(ReelEncoder.sampleRate)).rounded())
        var plan = ReelSoundPlan(length: samples, musicGain: nil, gain: 0, ceiling: nil)
        if let music = self.music {
            let clips = hasSound ? try self.measure(body: body, plan: plan, hasSound: true) : nil
            let bed = try self.measureMusic(samples: samples)
            guard let bed, bed > -70 else {
                throw MediaError(.noAudio, path: music, "its sound is silent: nothing to lay under the reel")
            }
            let level = clips.flatMap { $0 > -70 ? $0 - Self.musicBelowClips : nil } ?? self.loudness ?? Self.musicAlone
            plan.musicGain = level - bed
        }
        if let target = self.loudness {
            let mixed = try self.measure(body: body, plan: plan, hasSound: hasSound)
            if let mixed, mixed > -70 {
                plan.gain = target - mixed
            } else {
                outcome.notes.append("\(self.reel): the reel's sound is silent: the loudness target of \(Self.lufs(target)) was not applied")
            }
        }
        plan.ceiling = Self.ceiling
        var measured: Loudness? = nil
        for attempt in 0..<3 {
            try self.writePass(body: body, to: temporary, sound: plan)
            measured = try self.measureWritten(temporary)
            guard let result = measured, attempt < 2 else { break }
            let off = self.loudness.map { $0 - result.integrated } ?? 0
            let over = (result.truePeak ?? -.infinity) - Self.truePeakLimit
            guard abs(off) > Self.tolerance || over > 0 else { break }
            if let target = self.loudness, result.integrated > -70 {
                plan.gain += target - result.integrated
            }
            if over > 0 { plan.ceiling = (plan.ceiling ?? Self.ceiling) - over - 0.3 }
        }
        if let measured, let peak = measured.truePeak {
            outcome.loudness = ReelLoudness(integrated: measured.integrated, truePeak: peak)
            if let target = self.loudness, abs(measured.integrated - target) > 0.5, measured.integrated > -70 {
                outcome.notes.append(
                    "\(self.reel): the sound reaches \(Self.lufs(measured.integrated)), not \(Self.lufs(target)): the -1 dBTP ceiling holds it down"
                )
            }
        }
        return outcome
    }

    // MARK: - Measuring

    /// The integrated loudness of the clips' sound (with the music at ``ReelSoundPlan/musicGain``
    /// when set), before any gain or limiter; `nil` when there is none.
    private func measure(body: String, plan: ReelSoundPlan, hasSound: Bool) throws(MediaError) -> Double? {
        var meter = LoudnessMeter()
        let music = try plan.musicGain == nil ? nil : self.musicBed()
        let mix = try self.ffmpeg { () throws(FFmpegError) in
            try ReelSoundMix(plan: plan, hasClipSound: hasSound, music: music) { frame in
                meter.add(frame, timeBase: Rational(1, Int32(ReelEncoder.sampleRate)))
            }
        }
        try self.eachSoundFrame(of: body) { frame, seconds, _ throws(MediaError) in try mix.addClipSound(frame, at: seconds) }
        try mix.finish()
        return meter.finish()?.integrated
    }

    /// The music's integrated loudness over the reel's length, looped and faded in and out as
    /// it will be (on a short reel the fades take a good part of it).
    private func measureMusic(samples: Int64) throws(MediaError) -> Double? {
        guard let bed = try self.musicBed() else { return nil }
        var meter = LoudnessMeter()
        let plan = ReelSoundPlan(length: samples, musicGain: 0, gain: 0, ceiling: nil)
        let mix = try self.ffmpeg { () throws(FFmpegError) in
            try ReelSoundMix(plan: plan, hasClipSound: false, music: bed) { frame in
                meter.add(frame, timeBase: Rational(1, Int32(ReelEncoder.sampleRate)))
            }
        }
        try mix.finish()
        return meter.finish()?.integrated
    }

    /// The loudness of the sound written to `path`, measured as QA measures it.
    private func measureWritten(_ path: String) throws(MediaError) -> Loudness? {
        var meter = LoudnessMeter()
        try self.eachSoundFrame(of: path) { frame, _, timeBase throws(MediaError) in
            meter.add(frame, timeBase: timeBase)
        }
        return meter.finish()
    }

    /// Decodes the main audio stream of `path`, handing each block, its time in seconds and
    /// the stream's time base to `body`.
    private func eachSoundFrame(of path: String, _ body: (Frame, Double?, Rational) throws(MediaError) -> Void) throws(MediaError) {
        let input = try self.ffmpeg { () throws(FFmpegError) in try self.openBody(path) }
        guard let index = input.bestStream(.audio) else { return }
        let stream = input.streams[index]
        let decoder = try self.ffmpeg { () throws(FFmpegError) in try Decoder(input: input, stream: index, threads: 1) }
        let packet = Packet()
        let frame = Frame()
        var reading = true
        while reading {
            reading = try self.ffmpeg { () throws(FFmpegError) in try input.read(into: packet) }
            if reading, packet.streamIndex != index { continue }
            if reading { try? decoder.send(packet) } else { decoder.sendEndOfStream() }
            while (try? decoder.receive(into: frame)) == .frame {
                try body(frame, stream.seconds(frame.bestEffortTimestamp), stream.timeBase)
                frame.unref()
            }
        }
    }

    // MARK: - Writing

    /// One pass over `body` into `path`: pictures copied, sound made by `sound` or copied,
    /// captions and chapters added, `moov` first.
    private func writePass(body: String, to path: String, sound: ReelSoundPlan?) throws(MediaError) {
        let music = try sound?.musicGain == nil ? nil : self.musicBed()
        do {
            let input = try self.openBody(body)
            guard let videoIndex = input.bestStream(.video) else {
                throw FFmpegError(code: FFmpegError.streamNotFound, function: "av_find_best_stream")
            }
            let audioIndex = input.bestStream(.audio)
            let output = try OutputFormatContext(path: path, format: "mp4")
            var routes = [videoIndex: try output.addStream(copying: videoIndex, of: input)]
            var encoded: EncodedStream? = nil
            var mix: ReelSoundMix? = nil
            let fifo = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
            var samplesWritten: Int64 = 0
            if let sound {
                let stream = try EncodedStream(encoder: Encoder.aac(sampleRate: ReelEncoder.sampleRate), output: output)
                encoded = stream
                mix = try ReelSoundMix(plan: sound, hasClipSound: audioIndex != nil, music: music) { frame throws(MediaError) in
                    try self.ffmpeg { () throws(FFmpegError) in
                        try fifo.write(frame)
                        while fifo.count >= stream.audioBlock {
                            let block = try fifo.read(stream.audioBlock)
                            block.pts = samplesWritten
                            samplesWritten += Int64(block.sampleCount)
                            try stream.encode(block)
                        }
                    }
                }
            } else if let audioIndex {
                routes[audioIndex] = try output.addStream(copying: audioIndex, of: input)
            }
            let video = input.streams[videoIndex]
            let subtitles = self.captions.cues.isEmpty ? nil : try Encoder.movText(width: video.width, height: video.height)
            let subtitleIndex = try subtitles.map { encoder throws(FFmpegError) in try output.addStream(from: encoder) }
            if let subtitleIndex { output.setMetadata(stream: subtitleIndex, "language", "und") }
            for chapter in self.chapters ?? [] {
                try output.addChapter(Chapter(title: chapter.title, start: chapter.start, end: chapter.end))
            }
            try output.writeHeader(options: ["movflags": "+faststart"])

            let packet = Packet()
            if let subtitles, let subtitleIndex {
                for cue in self.captions.cues {
                    let start = Int64((cue.start * 1000).rounded())
                    try subtitles.encodeSubtitle(cue.text, start: start, duration: Int64((cue.end * 1000).rounded()) - start, into: packet)
                    packet.setStreamIndex(subtitleIndex)
                    packet.rescaleTimestamps(from: Rational(1, 1000), to: output.timeBase(of: subtitleIndex))
                    try output.write(packet)
                }
            }
            let decoder = try mix == nil ? nil : audioIndex.map { index throws(FFmpegError) in try Decoder(input: input, stream: index, threads: 1) }
            let decoded = Frame()
            func takeSound(final: Bool) throws {
                guard let decoder, let mix, let audioIndex else { return }
                if final { decoder.sendEndOfStream() }
                while (try? decoder.receive(into: decoded)) == .frame {
                    try mix.addClipSound(decoded, at: input.streams[audioIndex].seconds(decoded.bestEffortTimestamp))
                    decoded.unref()
                }
            }
            while try input.read(into: packet) {
                let index = packet.streamIndex
                if index == audioIndex, let decoder {
                    try? decoder.send(packet)
                    try takeSound(final: false)
                    continue
                }
                guard let out = routes[index] else { continue }
                if index == videoIndex, let mix, let seconds = input.streams[index].seconds(packet.dts ?? packet.pts) {
                    try mix.advance(to: Int64(seconds * Double(ReelEncoder.sampleRate)))
                }
                packet.rescaleTimestamps(from: input.streams[index].timeBase, to: output.timeBase(of: out))
                packet.setStreamIndex(out)
                try output.write(packet)
            }
            try takeSound(final: true)
            if let mix, let encoded {
                try mix.finish()
                if fifo.count > 0 {
                    let block = try fifo.read(fifo.count)
                    block.pts = samplesWritten
                    try encoded.encode(block)
                }
                try encoded.finish()
            }
            try output.finish()
        } catch let error as MediaError {
            throw error.path.isEmpty ? MediaError(error.code, path: self.reel, error.message) : error
        } catch let error as FFmpegError {
            throw self.failure(error)
        } catch {
            throw MediaError(.writeFailed, path: self.reel, "cannot write the reel")
        }
    }

    // MARK: - Helpers

    private func openBody(_ path: String) throws(FFmpegError) -> InputFormatContext {
        try InputFormatContext(path: path, options: InputOptions(timeLimit: nil), interruption: self.interruption)
    }

    private func musicBed() throws(MediaError) -> MusicBed? {
        guard let music = self.music else { return nil }
        return try MusicBed(path: music, open: self.open, interruption: self.interruption)
    }

    /// Runs FFmpeg work on the reel, its failure a ``MediaError`` naming the reel.
    private func ffmpeg<T>(_ body: () throws(FFmpegError) -> T) throws(MediaError) -> T {
        do {
            return try body()
        } catch {
            throw self.failure(error)
        }
    }

    private func failure(_ error: FFmpegError) -> MediaError {
        if error.code == FFmpegError.exit {
            return MediaError(.cancelled, path: self.reel, "cancelled")
        }
        return MediaError(.writeFailed, path: self.reel, "cannot write the reel: \(ErrorWords.ffmpeg(error))")
    }

    static func lufs(_ value: Double) -> String {
        "\((value * 10).rounded() / 10) LUFS"
    }
}
