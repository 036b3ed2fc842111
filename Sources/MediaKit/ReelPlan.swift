import FFmpegKit

/// How a re-encoded reel lays out its clips: one frame rate, each clip's number of pictures,
/// and the pictures each cross-fade blends; the chapters follow from it exactly.
struct ReelPlan {
    let rate: FrameRate
    /// Pictures each cross-fade blends (0 without one).
    let fadeFrames: Int
    /// Each clip's pictures at ``rate``.
    let clipFrames: [Int64]

    /// - Throws: ``MediaError`` when the cross-fade is longer than half the shortest clip (a
    ///   clip fades in and out within its own pictures), naming the longest that fits.
    init(clips: [ReelCompatibility.Clip], options: ReelOptions, path: String) throws(MediaError) {
        let rate = options.frameRate ?? Self.rate(of: clips[0].video)
        self.rate = rate
        self.clipFrames = clips.map { Self.frames(duration: $0.duration, rate: rate) }
        let fade = Int((options.crossfade * rate.value).rounded())
        if fade > 0, clips.count > 1 {
            let (shortest, frames) = zip(clips, self.clipFrames).min { $0.1 < $1.1 } ?? (clips[0], 1)
            let longest = Double(frames / 2) / rate.value
            guard Int64(fade) <= frames / 2 else {
                let name = shortest.path.split(separator: "/").last.map(String.init) ?? shortest.path
                throw MediaError(
                    .invalidRequest, path: path,
                    "a cross-fade of \(formatSeconds(options.crossfade)) is longer than half the shortest clip"
                        + " (\(name), \(formatSeconds(Double(frames) / rate.value))): at most \(formatSeconds(longest))"
                )
            }
        }
        self.fadeFrames = clips.count > 1 ? fade : 0
    }

    /// Pictures a clip of `duration` seconds gets at `rate` (at least one).
    static func frames(duration: Double, rate: FrameRate) -> Int64 {
        max(1, Int64((duration * rate.value).rounded()))
    }

    /// The first clip's rate as the container states it (`30000/1001` stays so), when it is
    /// a usable constant rate of 1-120 fps; otherwise the nearest such rate, or 30.
    static func rate(of stream: StreamParameters) -> FrameRate {
        for candidate in [stream.averageFrameRate, stream.realFrameRate] {
            guard candidate.numerator > 0, candidate.denominator > 0, let value = candidate.doubleValue, (1...120).contains(value) else {
                continue
            }
            let exact = FrameRate(Int(candidate.numerator), Int(candidate.denominator))
            let near = FrameRate(approximating: value)
            // Averages such as 2997/100 or 12000/401 mean a standard rate.
            return exact.denominator <= 1001 && exact == near ? exact : near
        }
        return FrameRate(30)
    }

    /// One chapter per clip: each starts where its first picture (or first blended picture) is.
    func chapters(titles: [String]) -> [ChapterInfo] {
        var start: Int64 = 0
        var chapters: [ChapterInfo] = []
        for (index, (title, frames)) in zip(titles, self.clipFrames).enumerated() {
            let end = start + frames - (index == self.clipFrames.count - 1 ? 0 : Int64(self.fadeFrames))
            chapters.append(ChapterInfo(title: title, start: Double(start) / self.rate.value, end: Double(end) / self.rate.value))
            start = end
        }
        return chapters
    }
}
