import FFmpegKit
import SoraAPI

/// The output side of ``ReelEncoder``: places each clip's pictures and sound on one
/// constant-rate timeline, cross-fading pictures and sound between clips when asked.
struct ReelTimeline {
    let video: EncodedStream
    let audio: EncodedStream?
    let size: VideoSize
    /// Frames per second, as a number for timing arithmetic (the encoder has the exact fraction).
    let fps: Double
    let fadeFrames: Int

    /// Called with the pictures written so far, once per second of reel.
    var progress: ((Int64) -> Void)?

    private let scaler = Scaler()
    private let fifo = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
    private let resampler = Resampler(sampleRate: ReelEncoder.sampleRate)
    /// Output pictures written so far.
    private var framesWritten: Int64 = 0
    /// Audio samples handed to the encoder so far.
    private var samplesWritten: Int64 = 0
    /// The previous clip's last pictures, waiting to be blended into the next clip's first.
    private var fadeTail: [Frame] = []
    /// The previous clip's last sound, fading out under this clip's first sound.
    private var fadingSound = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
    /// How long `fadingSound` was when its clip ended, in samples.
    private var fadingSoundLength = 0
    /// This clip's last sound, kept for the next clip's cross-fade.
    private var heldSound = AudioFIFO(sampleRate: ReelEncoder.sampleRate)

    init(video: EncodedStream, audio: EncodedStream?, size: VideoSize, rate: FrameRate, fadeFrames: Int) {
        self.video = video
        self.audio = audio
        self.size = size
        self.fps = rate.value
        self.fadeFrames = fadeFrames
    }

    /// Decodes `clip` and places it after what came before: `clip.duration` seconds of it
    /// from `trimStart` seconds in.
    ///
    /// Pictures are placed by their timestamps. An untrimmed clip takes, for each output tick,
    /// the picture nearest to it; a clip trimmed at its start takes the picture on screen at
    /// each tick's moment, so its first picture is exactly the one shown at `trimStart`, and its
    /// sound is cut at the sample at `trimStart` (by the audio's timestamps, silence filling
    /// any gap). Reading starts from the keyframe before the trim and stops a second after
    /// its end.
    mutating func append(_ clip: ReelCompatibility.Clip, trimStart: Double = 0, trimsEnd: Bool = false, isLast: Bool) throws(FFmpegError) {
        let input = try clip.open()
        let duration = clip.duration
        let clipFrames = max(1, Int64((duration * self.fps).rounded()))
        let holdBack = isLast ? 0 : Int64(min(self.fadeFrames, Int(clipFrames) / 2))
        // The previous clip's held-back tail is not written yet: this clip starts where it starts.
        let clipStart = self.framesWritten
        let audioEnd = self.sample(atFrame: clipStart + clipFrames - holdBack)
        // The held-back pictures' sound fades out under the next clip, as they do.
        let soundHeld = Int(self.sample(atFrame: clipStart + clipFrames) - audioEnd)

        let trimmed = trimStart > 0
        let origin = clip.startTime + trimStart
        if trimStart > 0.5 {
            // A little before the trim, so that the sound decoder has its pre-roll too.
            try input.seek(stream: clip.video.index, to: clip.video.timeBase.timestamp(seconds: origin - 0.1))
        }
        // Reading stops here (seconds into the clip after the trim) on every stream.
        let stopAfter = trimsEnd ? duration + 1 : .infinity
        let videoDecoder = try Decoder(input: input, stream: clip.video.index)
        let audioDecoder = try clip.audio.flatMap { audio throws(FFmpegError) in
            self.audio == nil ? nil : try Decoder(input: input, stream: audio.index)
        }
        let turns = clip.video.uprightQuarterTurns
        let mirrored = clip.video.uprightMirrored
        // How far before a tick a picture may start to be shown at it: half a frame (nearest
        // picture), or none (the picture on screen) for a trimmed clip.
        let lead = trimmed ? 1e-6 : 0.5 / self.fps
        var placed: Int64 = 0
        var held: Frame? = nil
        var heldFitted: Frame? = nil
        var pending: [Frame] = []
        // Trimmed clips: the clip sample (after the trim) that the next decoded sound starts at.
        var soundCursor: Int64? = nil

        // Writes `held` for every output tick of this clip before `time` (seconds into the clip).
        func emit(until time: Double, timeline: inout ReelTimeline) throws(FFmpegError) {
            guard let picture = held else { return }
            while placed < clipFrames, Double(placed) / timeline.fps < time - lead {
                if heldFitted == nil { heldFitted = try timeline.fit(picture, quarterTurns: turns, mirrored: mirrored) }
                guard let fitted = heldFitted else { break }
                if placed >= clipFrames - holdBack {
                    pending.append(try fitted.copy())
                } else {
                    try timeline.place(fitted, fadeIndex: Int(placed))
                }
                placed += 1
            }
        }

        let packet = Packet()
        let decoded = Frame()
        var reading = true
        var pastEnd: Set<Int> = []
        let streams = [clip.video.index] + (audioDecoder.map { [$0.streamIndex] } ?? [])
        while reading {
            do {
                reading = try input.read(into: packet) && !(clip.isDamaged && packet.isCorrupt)
            } catch  where clip.isDamaged && error.code != FFmpegError.exit {
                reading = false  // a damaged clip ends where it can no longer be read
            }
            if reading, stopAfter.isFinite, let time = Self.seconds(packet, of: clip), time - origin > stopAfter {
                pastEnd.insert(packet.streamIndex)
                reading = !streams.allSatisfy(pastEnd.contains)
            }
            let decoder: Decoder? =
                reading ? (packet.streamIndex == clip.video.index ? videoDecoder : packet.streamIndex == clip.audio?.index ? audioDecoder : nil) : nil
            if reading, decoder == nil { continue }
            let targets = reading ? [decoder!] : [videoDecoder] + (audioDecoder.map { [$0] } ?? [])
            for target in targets {
                if reading { try? target.send(packet) } else { target.sendEndOfStream() }
                while true {
                    let step: DecodeStep
                    do { step = try target.receive(into: decoded) } catch { break }
                    guard step == .frame else { break }
                    if target === videoDecoder {
                        let time = (clip.video.seconds(decoded.bestEffortTimestamp) ?? Double(placed) / self.fps + origin) - origin
                        try emit(until: time, timeline: &self)
                        held = try decoded.reference()
                        heldFitted = nil
                    } else if trimmed {
                        let time = (clip.audio?.seconds(decoded.bestEffortTimestamp) ?? 0) - origin
                        try self.placeTrimmedSound(decoded, at: time, cursor: &soundCursor, until: audioEnd, holding: soundHeld)
                    } else {
                        try self.placeSound(try self.resampler.convert(decoded), until: audioEnd, holding: soundHeld)
                        try self.drainAudio(final: false)
                    }
                    decoded.unref()
                }
            }
        }
        if held == nil {
            let black = try Frame.video(width: self.size.width, height: self.size.height)
            try black.fillBlack()
            (held, heldFitted) = (black, black)
        }
        try emit(until: .infinity, timeline: &self)
        self.fadeTail = pending

        if self.audio != nil {
            try self.placeSilence(until: audioEnd, holding: soundHeld)
            try self.drainAudio(final: false)
            // What this clip did not use of the previous clip's tail is dropped, as its pictures are.
            self.fadingSound = self.heldSound
            self.fadingSoundLength = self.heldSound.count
            self.heldSound = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
        }
    }

    /// A packet's time in seconds (decoding order), or `nil` when it has none or is of another stream.
    private static func seconds(_ packet: Packet, of clip: ReelCompatibility.Clip) -> Double? {
        let stream = packet.streamIndex == clip.video.index ? clip.video : packet.streamIndex == clip.audio?.index ? clip.audio : nil
        return stream?.seconds(packet.dts ?? packet.pts)
    }

    /// Places a decoded block of a trimmed clip's sound that starts `time` seconds after the
    /// trim: the samples before the trim are dropped, and a gap before the first block is silence.
    private mutating func placeTrimmedSound(
        _ decoded: Frame, at time: Double, cursor: inout Int64?, until end: Int64, holding: Int
    ) throws(FFmpegError) {
        var block = try self.resampler.convert(decoded)
        let start = cursor ?? Int64((time * Double(ReelEncoder.sampleRate)).rounded())
        if cursor == nil, start > 0 {
            // The sound starts after the trim: silence until it does (at most the clip's length).
            var gap = min(start, end - self.soundPosition)
            while gap > 0 {
                let silence = try Frame.audio(samples: Int(min(gap, 4096)), sampleRate: ReelEncoder.sampleRate, channels: 2)
                silence.fillTone(firstSample: 0, frequency: 0, amplitude: 0)
                try self.placeSound(silence, until: end, holding: holding)
                gap -= Int64(silence.sampleCount)
            }
        }
        cursor = start + Int64(block.sampleCount)
        guard start + Int64(block.sampleCount) > 0 else { return }  // all of it before the trim
        if start < 0 {
            let rest = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
            try rest.write(block, from: Int(-start))
            block = try rest.read(rest.count)
        }
        try self.placeSound(block, until: end, holding: holding)
        try self.drainAudio(final: false)
    }

    /// Writes what is still held back and flushes the encoders.
    mutating func finish() throws(FFmpegError) {
        for picture in self.fadeTail {
            try self.writePicture(picture)
        }
        self.progress?(self.framesWritten)
        self.fadeTail = []
        try self.video.finish()
        if self.audio != nil {
            try self.drainAudio(final: true)
            try self.audio?.finish()
        }
    }

    /// Writes one picture of the current clip; its first pictures blend with the previous clip's tail.
    private mutating func place(_ picture: Frame, fadeIndex: Int) throws(FFmpegError) {
        guard fadeIndex < self.fadeTail.count else {
            try self.writePicture(picture)
            return
        }
        let blended = try self.fadeTail[fadeIndex].copy()
        try blended.blend(with: picture, weight: Double(fadeIndex + 1) / Double(self.fadeTail.count + 1))
        try self.writePicture(blended)
    }

    private mutating func writePicture(_ picture: Frame) throws(FFmpegError) {
        picture.pts = self.framesWritten
        try self.video.encode(picture)
        self.framesWritten += 1
        if self.framesWritten % max(1, Int64(self.fps.rounded())) == 0 { self.progress?(self.framesWritten) }
    }

    /// Audio samples on the timeline so far: encoded or waiting in the FIFO.
    private var soundPosition: Int64 { self.samplesWritten + Int64(self.fifo.count) }

    /// The audio sample at which output picture `frame` starts.
    private func sample(atFrame frame: Int64) -> Int64 {
        Int64((Double(frame) / self.fps * Double(ReelEncoder.sampleRate)).rounded())
    }

    /// Puts a block of the current clip's sound on the timeline: up to sample `end` into the
    /// reel, its first samples blended with the previous clip's fading tail; the next `holding`
    /// samples into the tail kept for the next clip; anything after that is dropped.
    private mutating func placeSound(_ block: Frame, until end: Int64, holding: Int) throws(FFmpegError) {
        let intoReel = Int(max(0, min(Int64(block.sampleCount), end - self.soundPosition)))
        if intoReel > 0 {
            let fading = min(self.fadingSound.count, intoReel)
            if fading > 0 {
                let start = self.fadingSoundLength - self.fadingSound.count
                try block.crossfade(from: try self.fadingSound.read(fading), start: start, length: self.fadingSoundLength)
            }
            try self.fifo.write(block, count: intoReel)
        }
        let intoTail = min(block.sampleCount - intoReel, holding - self.heldSound.count)
        if intoTail > 0 {
            try self.heldSound.write(block, from: intoReel, count: intoTail)
        }
    }

    /// Silence where the current clip has no more sound, so the reel's audio spans every picture
    /// (and a clip without sound still fades the previous clip's sound out).
    private mutating func placeSilence(until end: Int64, holding: Int) throws(FFmpegError) {
        while self.soundPosition < end {
            let block = try Frame.audio(samples: Int(min(end - self.soundPosition, 4096)), sampleRate: ReelEncoder.sampleRate, channels: 2)
            block.fillTone(firstSample: 0, frequency: 0, amplitude: 0)
            try self.placeSound(block, until: end, holding: holding)
        }
        if holding > self.heldSound.count {
            try self.heldSound.writeSilence(holding - self.heldSound.count)
        }
    }

    private mutating func drainAudio(final: Bool) throws(FFmpegError) {
        guard let audio = self.audio else { return }
        let block = audio.audioBlock
        while self.fifo.count >= block || (final && self.fifo.count > 0) {
            let frame = try self.fifo.read(block)
            frame.pts = self.samplesWritten
            try audio.encode(frame)
            self.samplesWritten += Int64(frame.sampleCount)
        }
    }

    /// A decoded picture turned upright (and mirrored where the display matrix reflects) and
    /// scaled into the reel's size with black bars.
    private func fit(_ frame: Frame, quarterTurns: Int, mirrored: Bool) throws(FFmpegError) -> Frame {
        var source = frame
        if quarterTurns != 0 || mirrored {
            let upright = try Frame.video(width: frame.width, height: frame.height)
            try self.scaler.scale(frame, into: upright)
            source = try upright.rotated(quarterTurns: quarterTurns, mirrored: mirrored)
        }
        let canvas = try Frame.video(width: self.size.width, height: self.size.height)
        let scale = min(Double(self.size.width) / Double(source.width), Double(self.size.height) / Double(source.height))
        let width = min(self.size.width, max(2, Int((Double(source.width) * scale).rounded()) / 2 * 2))
        let height = min(self.size.height, max(2, Int((Double(source.height) * scale).rounded()) / 2 * 2))
        if width != self.size.width || height != self.size.height {
            try canvas.fillBlack()
        }
        try self.scaler.scale(source, into: canvas, x: (self.size.width - width) / 2, y: (self.size.height - height) / 2, width: width, height: height)
        return canvas
    }
}
