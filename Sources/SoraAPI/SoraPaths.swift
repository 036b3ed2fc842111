/// The endpoint paths of both APIs, shared by the client and the emulator so they cannot drift.
///
/// Ids are opaque: a gateway's (a LiteLLM proxy's `video_` + base64) may hold `+`, `/` and `=`.
/// Every id is percent-encoded as one path segment here; only the emulator decodes it again.
public enum SoraPaths {
    /// Azure's v1 surface, below the resource endpoint.
    public static let azurePrefix = "/openai/v1"
    /// OpenAI's `/v1`.
    public static let openAIPrefix = "/v1"

    public static let jobs = "/video/generations/jobs"
    public static func job(_ id: String) -> String { "/video/generations/jobs/\(segment(id))" }
    public static func generation(_ id: String) -> String { "/video/generations/\(segment(id))" }
    public static func generationVideo(_ id: String) -> String { "/video/generations/\(segment(id))/content/video" }
    public static func generationThumbnail(_ id: String) -> String { "/video/generations/\(segment(id))/content/thumbnail" }

    public static let videos = "/videos"
    public static func video(_ id: String) -> String { "/videos/\(segment(id))" }
    public static func videoContent(_ id: String) -> String { "/videos/\(segment(id))/content" }
    public static func remix(_ id: String) -> String { "/videos/\(segment(id))/remix" }

    /// The `api-version` values Azure accepts on these paths.
    public static let apiVersions = ["preview", "v1"]

    /// The longest id accepted, in UTF-8 bytes: far beyond any service's, short of absurd.
    public static let maxIDLength = 1024

    /// Whether `id` can be used at all: not empty, not absurdly long, no control characters.
    /// Anything else is percent-encoded in paths and never used raw as a file name.
    public static func isUsableID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= Self.maxIDLength
            && !id.unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
    }

    /// `id` as one path segment: every byte but RFC 3986's unreserved characters percent-encoded,
    /// so `/` cannot start a new segment and `+` cannot read as a space; `.` and `..` are
    /// encoded too, since a URL resolver would take them for "this folder" and "the one above".
    public static func segment(_ id: String) -> String {
        if id == "." || id == ".." { return String(repeating: "%2E", count: id.count) }
        var text = ""
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                text += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return text
    }

    /// A path segment as the id it encodes (the emulator's side of ``segment(_:)``); `nil` when
    /// its percent-encoding is broken or it does not decode to UTF-8.
    public static func id(fromSegment segment: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = segment.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - self.count)) + self
    }
}
