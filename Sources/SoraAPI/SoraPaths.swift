/// The endpoint paths of both APIs, shared by the client and the emulator so they cannot drift.
public enum SoraPaths {
    /// Azure's v1 surface, below the resource endpoint.
    public static let azurePrefix = "/openai/v1"
    /// OpenAI's `/v1`.
    public static let openAIPrefix = "/v1"

    public static let jobs = "/video/generations/jobs"
    public static func job(_ id: String) -> String { "/video/generations/jobs/\(id)" }
    public static func generation(_ id: String) -> String { "/video/generations/\(id)" }
    public static func generationVideo(_ id: String) -> String { "/video/generations/\(id)/content/video" }
    public static func generationThumbnail(_ id: String) -> String { "/video/generations/\(id)/content/thumbnail" }

    public static let videos = "/videos"
    public static func video(_ id: String) -> String { "/videos/\(id)" }
    public static func videoContent(_ id: String) -> String { "/videos/\(id)/content" }
    public static func remix(_ id: String) -> String { "/videos/\(id)/remix" }

    /// The `api-version` values Azure accepts on these paths.
    public static let apiVersions = ["preview", "v1"]

    /// Whether `id` is safe to put in a URL path and a file name: letters, digits, `_` and
    /// `-`, 1 to 128 of them. A server that sends `../x` or `a/b` gets its id refused.
    public static func isSafeID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128
            && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F || $0 == 0x2D }
    }
}
