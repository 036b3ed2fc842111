public import SoraAPI
/// How clips are joined.
public enum ReelMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Stream copy when every input matches exactly, otherwise re-encode.
    case auto
    /// Stream copy only; inputs that differ are an error naming the first difference.
    case copy
    /// Decode, scale and pad to one size and frame rate, encode H.264 + AAC.
    case reencode
}

/// Options for ``ReelBuilder``.
public struct ReelOptions: Sendable, Hashable {
    public var mode: ReelMode
    /// Output size when re-encoding; default: the first input's displayed size.
    public var size: VideoSize?
    /// Output frame rate when re-encoding; default: the first input's (`30000/1001` stays so).
    public var frameRate: FrameRate?
    /// Seconds of cross-fade between clips (re-encoding only).
    public var crossfade: Double
    /// Write a chapter per input.
    public var chapters: Bool
    /// x264's constant rate factor when re-encoding.
    public var quality: Int
    /// x264's speed preset when re-encoding.
    public var preset: String
    /// Limits on opening each input.
    public var open: MediaOpenOptions
    /// Use damaged (cut-short) inputs for what can be read of them, with a note; otherwise such
    /// an input is an error naming where it ends.
    public var allowsDamaged: Bool = false
    public var music: String?
    public var loudness: Double?

    /// Options with a whole frame rate (`frameRate` frames per second).
    public init(
        mode: ReelMode = .auto,
        size: VideoSize? = nil,
        frameRate: Int? = nil,
        crossfade: Double = 0,
        chapters: Bool = true,
        quality: Int = 23,
        preset: String = "veryfast",
        open: MediaOpenOptions = MediaOpenOptions(timeLimit: .seconds(3600))
    ) {
        self.init(
            mode: mode, size: size, rate: frameRate.map { FrameRate($0) }, crossfade: crossfade, chapters: chapters,
            quality: quality, preset: preset, open: open
        )
    }

    /// Options with any frame rate, such as `30000/1001`.
    public init(
        mode: ReelMode = .auto,
        size: VideoSize? = nil,
        rate: FrameRate?,
        crossfade: Double = 0,
        chapters: Bool = true,
        quality: Int = 23,
        preset: String = "veryfast",
        open: MediaOpenOptions = MediaOpenOptions(timeLimit: .seconds(3600))
    ) {
        self.mode = mode
        self.size = size
        self.frameRate = rate
        self.crossfade = crossfade
        self.chapters = chapters
        self.quality = quality
        self.preset = preset
        self.open = open
    }
}

/// One clip of a reel and the title of its chapter.
public struct ReelInput: Sendable, Hashable {
    public var path: String
    /// The chapter title; default: the file name without its extension.
    public var title: String?
    public var trim: ClipTrim?
    public var caption: String?

    public init(path: String, title: String? = nil) {
        self.path = path
        self.title = title
    }
}

/// What ``ReelBuilder`` made.
public struct ReelResult: Sendable, Hashable, Codable {
    public var path: String
    /// How the reel was made: ``ReelMode/copy`` or ``ReelMode/reencode`` (never `auto`).
    public var mode: ReelMode
    /// Why that mode: "inputs match" or the first difference that ruled out copying.
    public var reason: String
    /// The chapters written (one per input), in seconds.
    public var chapters: [ChapterInfo]
    /// Warnings: damaged inputs used for what can be read of them.
    public var notes: [String] = []
    /// The reel's frame rate when re-encoded (`30000/1001`); `nil` for a copy, which keeps the inputs' timing.
    public var frameRate: FrameRate?
    public var captionsPath: String?
    public var loudness: ReelLoudness?
}
public struct ClipTrim: Sendable, Hashable, Codable {
    public var start: Double
    public var end: Double?
    public init(start: Double = 0, end: Double? = nil) { self.start = start; self.end = end }
}
public struct ReelLoudness: Sendable, Hashable, Codable {
    public var integrated: Double
    public var truePeak: Double
}
