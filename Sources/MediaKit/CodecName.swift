/// Codec names as people and tools write them, reduced to FFmpeg's: `H264`, `avc`, `avc1`
/// and `h.264` are all `h264`; `h265`, `hvc1` and `hev1` are `hevc`.
enum CodecName {
    private static let aliases: [String: String] = [
        "avc": "h264", "avc1": "h264", "avc3": "h264", "h.264": "h264", "x264": "h264",
        "h265": "hevc", "h.265": "hevc", "hvc1": "hevc", "hev1": "hevc", "x265": "hevc",
        "av01": "av1", "vp09": "vp9", "vp08": "vp8", "h.263": "h263", "mp4v": "mpeg4",
        "mp4a": "aac", "aac-lc": "aac", "opus": "opus", "ac-3": "ac3", "ec-3": "eac3",
    ]

    /// The FFmpeg codec name for `name`, compared without case.
    static func canonical(_ name: String) -> String {
        let lowered = name.lowercased().trimmingWhitespace
        return Self.aliases[lowered] ?? lowered
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
