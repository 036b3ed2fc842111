/// What ``ReelBuilder`` made.
public struct ReelResult: Sendable, Hashable, Codable {
    public var path: String
    /// How the pictures were made: ``ReelMode/copy`` or ``ReelMode/reencode`` (never `auto`).
    /// With music or a loudness target the sound is re-encoded even when the pictures are copied.
    public var mode: ReelMode
    /// Why that mode: "inputs match" or the first difference that ruled out copying.
    public var reason: String
    /// The chapters written (one per input), in seconds.
    public var chapters: [ChapterInfo]
    /// Warnings: damaged inputs used for what can be read of them, trims cut at a clip's end,
    /// a loudness target that had no sound to act on.
    public var notes: [String] = []
    /// The reel's frame rate when re-encoded (`30000/1001`); `nil` for a copy, which keeps the inputs' timing.
    public var frameRate: FrameRate?
    /// The WebVTT file written beside the reel when any input has a caption.
    public var captionsPath: String?
    /// The reel's loudness, measured on the file written, when music or a loudness target was asked for
    /// and the reel has sound.
    public var loudness: ReelLoudness?

    public init(
        path: String, mode: ReelMode, reason: String, chapters: [ChapterInfo], notes: [String] = [], frameRate: FrameRate? = nil,
        captionsPath: String? = nil, loudness: ReelLoudness? = nil
    ) {
        self.path = path
        self.mode = mode
        self.reason = reason
        self.chapters = chapters
        self.notes = notes
        self.frameRate = frameRate
        self.captionsPath = captionsPath
        self.loudness = loudness
    }
}
