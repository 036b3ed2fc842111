import FFmpegKit

#if canImport(Glibc)
    import Glibc
#endif

/// Joins clips into one reel: by stream copy when the inputs match exactly, otherwise by
/// re-encoding to one size, frame rate and codec, with a chapter per input and `moov` first.
///
/// The reel is written under a temporary name and renamed when complete; when any input
/// cannot be read, nothing is written and the error names that input.
public struct ReelBuilder: Sendable {
    public var options: ReelOptions
    /// Called from the building thread as the reel is written; it must return quickly.
    public var progress: (@Sendable (ReelProgress) -> Void)?

    public init(options: ReelOptions = ReelOptions(), progress: (@Sendable (ReelProgress) -> Void)? = nil) {
        self.options = options
        self.progress = progress
    }

    /// Builds the reel at `path` from `inputs`, in order, on NIO's blocking thread pool; task
    /// cancellation stops it (FFmpeg's reads and the encoder loop), leaving nothing written.
    public func build(_ inputs: [ReelInput], to path: String) async throws(MediaError) -> ReelResult {
        try await BlockingWork.run(timeLimit: nil, path: path) { interruption throws(MediaError) in
            try self.build(inputs, to: path, interruption: interruption)
        }
    }

    func build(_ inputs: [ReelInput], to path: String, interruption: Interruption) throws(MediaError) -> ReelResult {
        guard !inputs.isEmpty else {
            throw MediaError(.invalidRequest, path: path, "a reel needs at least one input")
        }
        try FileIdentity.refuseOverwriting(path, inputs: inputs.map(\.path) + [self.options.music].compactMap { $0 })
        if let music = self.options.music {
            // A music file that cannot be used is refused before any clip is read or written.
            _ = try MusicBed(path: music, open: self.options.open, interruption: interruption)
        }
        var clips: [ReelCompatibility.Clip] = []
        var trims: [ClipTrim?] = []
        var notes: [String] = []
        for (number, input) in zip(1..., inputs) {
            let context = try MediaInput.open(input.path, options: self.options.open, interruption: interruption)
            let info = MediaInfo(context)
            guard let video = info.video, let videoIndex = context.bestStream(.video), video.index == videoIndex else {
                throw MediaError(.noVideo, path: input.path, "has no video stream to put in a reel")
            }
            let audio = context.bestStream(.audio).map { context.streams[$0] }
            var duration = Self.duration(of: context)
            let inputOptions = MediaInput.inputOptions(self.options.open)
            var damaged = false
            if let end = ReadableEnd.seconds(of: context, stream: context.streams[videoIndex], path: input.path, options: inputOptions), end < duration {
                let damage = FrameGrabber.cutShort(end, of: duration)
                guard self.options.allowsDamaged else {
                    throw MediaError(.damaged, path: input.path, "\(damage); --allow-damaged uses what is there")
                }
                notes.append("\(input.path): \(damage): used up to \(formatSeconds(end))")
                duration = end
                damaged = true
            }
            let trim = try Self.resolve(input.trim, duration: duration, number: number, path: input.path, notes: &notes)
            trims.append(trim)
            duration = Self.length(of: trim, duration: duration)
            clips.append(
                ReelCompatibility.Clip(
                    path: input.path, video: context.streams[videoIndex], audio: audio, duration: duration,
                    startTime: Rational.microseconds.seconds(context.format.startTime) ?? 0,
                    options: inputOptions, isDamaged: damaged, interruption: interruption
                )
            )
        }
        let titles = inputs.map { $0.title ?? Self.stem($0.path) }
        let mismatch = ReelCompatibility.firstMismatch(clips)
        let trimmed = trims.firstIndex { $0 != nil }.map { "clip \($0 + 1) is trimmed" }
        let useCopy: Bool
        let reason: String
        switch self.options.mode {
        case .copy:
            if let mismatch {
                throw MediaError(.incompatible, path: path, "cannot stream-copy: \(mismatch)")
            }
            if self.options.crossfade > 0 {
                throw MediaError(.invalidRequest, path: path, "a cross-fade needs re-encoding (--mode reencode)")
            }
            if let index = trims.firstIndex(where: { $0 != nil }) {
                throw MediaError(
                    .invalidRequest, path: inputs[index].path,
                    "clip \(index + 1) is trimmed, and a stream copy cannot cut frame-accurately: re-encode it (--mode reencode)"
                )
            }
            (useCopy, reason) = (true, "inputs match exactly")
        case .reencode:
            (useCopy, reason) = (false, "re-encoding was asked for")
        case .auto:
            if let trimmed {
                (useCopy, reason) = (false, trimmed)
            } else if let mismatch {
                (useCopy, reason) = (false, mismatch)
            } else if self.options.crossfade > 0 || self.options.size != nil || self.options.frameRate != nil {
                (useCopy, reason) = (false, "a size, frame rate or cross-fade was asked for")
            } else {
                (useCopy, reason) = (true, "inputs match exactly")
            }
        }
        // A re-encode lays the clips out on one frame rate first: the cross-fade is checked and
        // the chapters fall on the pictures the encoder writes.
        let plan = useCopy ? nil : try ReelPlan(clips: clips, options: self.options, path: path)
        let chapters = plan?.chapters(titles: titles) ?? Self.copyChapters(titles: titles, clips: clips)
        let captions = ReelCaptions(inputs: inputs, chapters: chapters)
        let captionsPath = captions.cues.isEmpty ? nil : ReelCaptions.path(forReel: path)
        if let captionsPath {
            guard captionsPath != path else {
                throw MediaError(.invalidRequest, path: path, "the captions would be written over the reel: give the reel another extension, such as .mp4")
            }
            try FileIdentity.refuseOverwriting(captionsPath, inputs: inputs.map(\.path) + [self.options.music].compactMap { $0 })
        }
        // Music, loudness and captions are added by a finishing pass over an intermediate file.
        let mixesSound = self.options.music != nil || self.options.loudness != nil
        let finishing = mixesSound || captionsPath != nil
        let written = self.options.chapters ? chapters : nil
        var outcome = ReelFinisher.Outcome()
        try AtomicFile.write(to: path) { temporary throws(MediaError) in
            let body = finishing ? AtomicFile.temporaryPath(for: path) : temporary
            defer { if finishing { unlink(body) } }
            do throws(FFmpegError) {
                if useCopy {
                    try ReelCopier(clips: clips, chapters: finishing ? nil : written, progress: self.progress).write(to: body, intermediate: finishing)
                } else if let plan {
                    try ReelEncoder(
                        clips: clips, trims: trims, options: self.options, plan: plan, chapters: finishing ? nil : written, progress: self.progress
                    )
                    .write(to: body, intermediate: finishing, losslessSound: mixesSound)
                }
            } catch {
                throw MediaError(.writeFailed, path: path, "cannot write the reel: \(ErrorWords.ffmpeg(error))")
            }
            guard finishing else { return }
            outcome = try ReelFinisher(
                reel: path, music: self.options.music, loudness: self.options.loudness, captions: captions, chapters: written,
                length: chapters.last?.end ?? 0, open: self.options.open, interruption: interruption
            )
            .write(from: body, to: temporary)
            if let captionsPath {
                try captions.writeWebVTT(to: captionsPath)
            }
        }
        return ReelResult(
            path: path, mode: useCopy ? .copy : .reencode, reason: reason, chapters: self.options.chapters ? chapters : [],
            notes: notes + outcome.notes, frameRate: plan?.rate, captionsPath: captionsPath, loudness: outcome.loudness
        )
    }

    /// One chapter per clip of a stream copy, back to back, each as long as its clip.
    static func copyChapters(titles: [String], clips: [ReelCompatibility.Clip]) -> [ChapterInfo] {
        var start = 0.0
        var chapters: [ChapterInfo] = []
        for (title, clip) in zip(titles, clips) {
            chapters.append(ChapterInfo(title: title, start: start, end: start + clip.duration))
            start += clip.duration
        }
        return chapters
    }

    /// A clip's length: the container's duration, else the longest stream's.
    static func duration(of input: InputFormatContext) -> Double {
        if let duration = Rational.microseconds.seconds(input.format.duration), duration.isFinite, duration > 0 {
            return duration
        }
        return input.streams.compactMap { $0.seconds($0.duration) }.max() ?? 0
    }

    static func stem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }
}
