/// A Sora 2 video (`VideoResource`), as `GET /videos/{id}` returns it on OpenAI and Azure.
public struct Video: Codable, Hashable, Sendable {
    public var id: String
    public var object: String
    /// The model, or on Azure the deployment name.
    public var model: String
    public var status: VideoStatus
    /// Approximate completion percentage, 0...100.
    public var progress: Int
    /// Unix seconds.
    public var createdAt: Int
    public var completedAt: Int?
    /// When the downloadable assets expire (created + 24 h).
    public var expiresAt: Int?
    public var prompt: String?
    /// `WIDTHxHEIGHT`, e.g. `720x1280`.
    public var size: String
    /// Seconds as a string: `4`, `8` or `12`.
    public var seconds: String
    public var remixedFromVideoID: String?
    public var error: VideoError?

    public init(
        id: String, model: String, status: VideoStatus, progress: Int = 0, createdAt: Int, completedAt: Int? = nil,
        expiresAt: Int? = nil, prompt: String?, size: String, seconds: String, remixedFromVideoID: String? = nil,
        error: VideoError? = nil
    ) {
        self.id = id
        self.object = "video"
        self.model = model
        self.status = status
        self.progress = progress
        self.createdAt = createdAt
        self.completedAt = completedAt
        self.expiresAt = expiresAt
        self.prompt = prompt
        self.size = size
        self.seconds = seconds
        self.remixedFromVideoID = remixedFromVideoID
        self.error = error
    }

    enum CodingKeys: String, CodingKey {
        case id, object, model, status, progress, prompt, size, seconds, error
        case createdAt = "created_at"
        case completedAt = "completed_at"
        case expiresAt = "expires_at"
        case remixedFromVideoID = "remixed_from_video_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try container.decode(String.self, forKey: .id)
        self.object = try container.decodeIfPresent(String.self, forKey: .object) ?? "video"
        self.model = try container.decodeIfPresent(String.self, forKey: .model) ?? ""
        self.status = try container.decode(VideoStatus.self, forKey: .status)
        self.progress = try container.decodeIfPresent(Int.self, forKey: .progress) ?? 0
        self.createdAt = try container.decodeIfPresent(Int.self, forKey: .createdAt) ?? 0
        self.completedAt = try container.decodeIfPresent(Int.self, forKey: .completedAt)
        self.expiresAt = try container.decodeIfPresent(Int.self, forKey: .expiresAt)
        self.prompt = try container.decodeIfPresent(String.self, forKey: .prompt)
        self.size = try container.decodeIfPresent(String.self, forKey: .size) ?? ""
        // The spec says string; be lenient with a number from another implementation.
        if let text = try? container.decodeIfPresent(String.self, forKey: .seconds) {
            self.seconds = text
        } else if let number = try? container.decodeIfPresent(Double.self, forKey: .seconds) {
            self.seconds = number == number.rounded() ? String(Int(number)) : String(number)
        } else {
            self.seconds = ""
        }
        self.remixedFromVideoID = try container.decodeIfPresent(String.self, forKey: .remixedFromVideoID)
        self.error = try container.decodeIfPresent(VideoError.self, forKey: .error)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.object, forKey: .object)
        try container.encode(self.model, forKey: .model)
        try container.encode(self.status, forKey: .status)
        try container.encode(self.progress, forKey: .progress)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encode(self.completedAt, forKey: .completedAt)
        try container.encode(self.expiresAt, forKey: .expiresAt)
        try container.encode(self.prompt, forKey: .prompt)
        try container.encode(self.size, forKey: .size)
        try container.encode(self.seconds, forKey: .seconds)
        try container.encode(self.remixedFromVideoID, forKey: .remixedFromVideoID)
        try container.encode(self.error, forKey: .error)
    }
}

/// Why a Sora 2 video failed.
public struct VideoError: Codable, Hashable, Sendable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.code = try container.decodeIfPresent(String.self, forKey: .code) ?? "unknown"
        self.message = try container.decodeIfPresent(String.self, forKey: .message) ?? ""
    }

    enum CodingKeys: String, CodingKey { case code, message }
}

/// A page of Sora 2 videos.
public struct VideoList: Codable, Hashable, Sendable {
    public var object: String
    public var data: [Video]
    public var firstID: String?
    public var lastID: String?
    public var hasMore: Bool

    public init(data: [Video], hasMore: Bool) {
        self.object = "list"
        self.data = data
        self.firstID = data.first?.id
        self.lastID = data.last?.id
        self.hasMore = hasMore
    }

    enum CodingKeys: String, CodingKey {
        case object, data
        case firstID = "first_id"
        case lastID = "last_id"
        case hasMore = "has_more"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.object = try container.decodeIfPresent(String.self, forKey: .object) ?? "list"
        self.data = try container.decodeIfPresent([Video].self, forKey: .data) ?? []
        self.firstID = try container.decodeIfPresent(String.self, forKey: .firstID)
        self.lastID = try container.decodeIfPresent(String.self, forKey: .lastID)
        self.hasMore = try container.decodeIfPresent(Bool.self, forKey: .hasMore) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.object, forKey: .object)
        try container.encode(self.data, forKey: .data)
        try container.encode(self.firstID, forKey: .firstID)
        try container.encode(self.lastID, forKey: .lastID)
        try container.encode(self.hasMore, forKey: .hasMore)
    }
}

/// The JSON body of `POST /videos` (Sora 2). With an `input_reference` image the same
/// fields go as multipart form fields beside the file part.
public struct CreateVideoRequest: Codable, Hashable, Sendable {
    public var prompt: String
    public var model: String?
    /// `4`, `8` or `12`, as a string: the API rejects a number.
    public var seconds: String?
    /// `720x1280`, `1280x720`, `1024x1792` or `1792x1024`.
    public var size: String?

    public init(prompt: String, model: String? = nil, seconds: String? = nil, size: String? = nil) {
        self.prompt = prompt
        self.model = model
        self.seconds = seconds
        self.size = size
    }
}

/// The body of `POST /videos/{id}/remix`.
public struct RemixVideoRequest: Codable, Hashable, Sendable {
    public var prompt: String
    public init(prompt: String) { self.prompt = prompt }
}

/// The answer to `DELETE /videos/{id}`.
public struct DeletedVideo: Codable, Hashable, Sendable {
    public var id: String
    public var object: String
    public var deleted: Bool

    public init(id: String, deleted: Bool = true) {
        self.id = id
        self.object = "video.deleted"
        self.deleted = deleted
    }
}
