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
    /// A file whose sound (any audio or video file the whitelisted demuxers read: MP4/M4A,
    /// MP3, WAV, FLAC, Ogg, Matroska...) is laid under the whole reel as a music bed: set
    /// 15 LU under the clips' own sound (a fixed duck measured with EBU R128 over the reel, not
    /// sidechain compression), faded in over the first 1.5 s and out over the last 1.5 s,
    /// looped when shorter than the reel (with 20 ms ramps at each seam) and cut at its end.
    /// A reel whose clips have no sound gets the music alone. The sound is then re-encoded;
    /// the pictures may still be stream-copied.
    public var music: String? = nil
    /// Target integrated loudness in LUFS (EBU R128, e.g. -16 for the web, -23 for broadcast):
    /// the reel's mixed sound is measured, brought there by one gain and held under a true
    /// peak of -1 dBTP by a limiter, then measured again on the written reel and corrected
    /// once more when it is more than 0.2 LU off. A reel with no sound at all is left silent,
    /// with a note. The sound is then re-encoded; the pictures may still be stream-copied.
    public var loudness: Double? = nil

    /// The ``loudness`` targets a reel accepts, in LUFS: from a quiet -40 to a loud -5 (louder
    /// cannot stay under the true-peak ceiling; quieter is below any delivery norm).
    public static let loudnessTargets: ClosedRange<Double> = -40 ... -5

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
