/// What a probe learned about one media file: its container and its streams, with
/// ffprobe's field names and meanings so that output can be compared with `ffprobe -of json`.
public struct MediaInfo: Sendable, Hashable, Codable {
    public var format: FormatInfo
    public var streams: [StreamInfo]

    public init(format: FormatInfo, streams: [StreamInfo]) {
        self.format = format
        self.streams = streams
    }

    /// The streams of `codecType` (`video`, `audio`...), in file order.
    public func streams(ofType codecType: String) -> [StreamInfo] {
        self.streams.filter { $0.codecType == codecType }
    }

    /// The video streams that are pictures in motion: cover art (`attached_pic`) excluded.
    public var videoStreams: [StreamInfo] {
        self.streams(ofType: "video").filter { $0.disposition["attached_pic"] != 1 }
    }

    /// The first moving video stream.
    public var video: StreamInfo? { self.videoStreams.first }

    /// The first audio stream.
    public var audio: StreamInfo? { self.streams(ofType: "audio").first }
}

/// Container-level facts, as ffprobe's `format` section.
public struct FormatInfo: Sendable, Hashable, Codable {
    /// The demuxer's name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    public var formatName: String
    public var formatLongName: String?
    /// Seconds, as the container states it (which may be far from the media it holds).
    public var duration: Double?
    /// Bytes.
    public var size: Int64?
    /// Bits per second.
    public var bitRate: Int64?
    public var nbStreams: Int
    /// Seconds.
    public var startTime: Double?
    public var probeScore: Int
    /// Container metadata, `major_brand` among them.
    public var tags: [String: String]
    /// Chapter marks, when the file has any.
    public var chapters: [ChapterInfo]?

    enum CodingKeys: String, CodingKey {
        case formatName = "format_name"
        case formatLongName = "format_long_name"
        case duration, size
        case bitRate = "bit_rate"
        case nbStreams = "nb_streams"
        case startTime = "start_time"
        case probeScore = "probe_score"
        case tags, chapters
    }
}

/// A chapter mark: title and span in seconds.
public struct ChapterInfo: Sendable, Hashable, Codable {
    public var title: String?
    public var start: Double
    public var end: Double

    public init(title: String?, start: Double, end: Double) {
        self.title = title
        self.start = start
        self.end = end
    }
}

/// One stream, as an entry of ffprobe's `streams` section. Fields that ffprobe omits for a
/// stream (unknown, or not of its kind) are `nil` and left out of JSON.
public struct StreamInfo: Sendable, Hashable, Codable {
    public var index: Int
    /// `video`, `audio`, `subtitle`, `data`, `attachment` or `unknown`.
    public var codecType: String
    public var codecName: String?
    public var profile: String?
    public var codecTagString: String
    public var width: Int?
    public var height: Int?
    /// `num:den`.
    public var sampleAspectRatio: String?
    /// `num:den`.
    public var displayAspectRatio: String?
    public var pixFmt: String?
    public var level: Int?
    public var fieldOrder: String?
    /// `tv` or `pc`; `nil` when the file does not say (ffprobe then leaves it out of JSON).
    public var colorRange: String?
    /// The matrix, e.g. `bt709`, `bt470bg`; `nil` when unspecified.
    public var colorSpace: String?
    /// The transfer characteristic, e.g. `bt709`, `smpte2084`, `arib-std-b67`; `nil` when unspecified.
    public var colorTransfer: String?
    /// The primaries, e.g. `bt709`, `bt2020`; `nil` when unspecified.
    public var colorPrimaries: String?
    /// Where chroma samples sit, e.g. `left`; `nil` when unspecified.
    public var chromaLocation: String?
    /// `num/den`.
    public var rFrameRate: String
    /// `num/den`.
    public var avgFrameRate: String
    /// `num/den`.
    public var timeBase: String
    /// Seconds.
    public var startTime: Double?
    /// Seconds.
    public var duration: Double?
    public var nbFrames: Int64?
    public var bitRate: Int64?
    /// Degrees counter-clockwise from the display matrix, as ffprobe prints it.
    public var rotation: Int?
    public var sampleRate: Int?
    public var channels: Int?
    public var channelLayout: String?
    public var tags: [String: String]
    /// Every disposition flag with 0 or 1, as ffprobe lists them.
    public var disposition: [String: Int]

    enum CodingKeys: String, CodingKey {
        case index
        case codecType = "codec_type"
        case codecName = "codec_name"
        case profile
        case codecTagString = "codec_tag_string"
        case width, height
        case sampleAspectRatio = "sample_aspect_ratio"
        case displayAspectRatio = "display_aspect_ratio"
        case pixFmt = "pix_fmt"
        case level
        case fieldOrder = "field_order"
        case colorRange = "color_range"
        case colorSpace = "color_space"
        case colorTransfer = "color_transfer"
        case colorPrimaries = "color_primaries"
        case chromaLocation = "chroma_location"
        case rFrameRate = "r_frame_rate"
        case avgFrameRate = "avg_frame_rate"
        case timeBase = "time_base"
        case startTime = "start_time"
        case duration
        case nbFrames = "nb_frames"
        case bitRate = "bit_rate"
        case rotation
        case sampleRate = "sample_rate"
        case channels
        case channelLayout = "channel_layout"
        case tags, disposition
    }

    /// The displayed width and height: the coded size turned by ``rotation``.
    public var displaySize: (width: Int, height: Int)? {
        guard let width, let height else { return nil }
        let quarterTurns = ((rotation ?? 0) / 90) % 2
        return quarterTurns == 0 ? (width, height) : (height, width)
    }
}
