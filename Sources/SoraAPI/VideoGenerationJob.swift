/// A Sora 1 video generation job (Azure OpenAI preview), as `GET /video/generations/jobs/{id}` returns it.
public struct VideoGenerationJob: Codable, Hashable, Sendable {
    public var object: String
    public var id: String
    public var status: JobStatus
    /// Unix seconds.
    public var createdAt: Int
    public var finishedAt: Int?
    /// When the service deletes the job and its content (created + 24 h).
    public var expiresAt: Int?
    /// One per variant, filled when the job succeeds.
    public var generations: [VideoGeneration]
    public var prompt: String
    /// The deployment name.
    public var model: String
    public var nVariants: Int
    public var nSeconds: Int
    public var height: Int
    public var width: Int
    public var inpaintItems: [InpaintItem]?
    /// `input_moderation`, `internal_error`, or another reason; `nil` unless failed.
    public var failureReason: String?

    public init(
        id: String, status: JobStatus, createdAt: Int, finishedAt: Int? = nil, expiresAt: Int? = nil,
        generations: [VideoGeneration] = [], prompt: String, model: String, nVariants: Int, nSeconds: Int,
        height: Int, width: Int, inpaintItems: [InpaintItem]? = nil, failureReason: String? = nil
    ) {
        self.object = "video.generation.job"
        self.id = id
        self.status = status
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.expiresAt = expiresAt
        self.generations = generations
        self.prompt = prompt
        self.model = model
        self.nVariants = nVariants
        self.nSeconds = nSeconds
        self.height = height
        self.width = width
        self.inpaintItems = inpaintItems
        self.failureReason = failureReason
    }

    enum CodingKeys: String, CodingKey {
        case object, id, status, prompt, model, height, width, generations
        case createdAt = "created_at"
        case finishedAt = "finished_at"
        case expiresAt = "expires_at"
        case nVariants = "n_variants"
        case nSeconds = "n_seconds"
        case inpaintItems = "inpaint_items"
        case failureReason = "failure_reason"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.object = try container.decodeIfPresent(String.self, forKey: .object) ?? "video.generation.job"
        self.id = try container.decode(String.self, forKey: .id)
        self.status = try container.decode(JobStatus.self, forKey: .status)
        self.createdAt = try container.decodeIfPresent(Int.self, forKey: .createdAt) ?? 0
        self.finishedAt = try container.decodeIfPresent(Int.self, forKey: .finishedAt)
        self.expiresAt = try container.decodeIfPresent(Int.self, forKey: .expiresAt)
        self.generations = try container.decodeIfPresent([VideoGeneration].self, forKey: .generations) ?? []
        self.prompt = try container.decodeIfPresent(String.self, forKey: .prompt) ?? ""
        self.model = try container.decodeIfPresent(String.self, forKey: .model) ?? ""
        self.nVariants = try container.decodeIfPresent(Int.self, forKey: .nVariants) ?? 1
        self.nSeconds = try container.decodeIfPresent(Int.self, forKey: .nSeconds) ?? 5
        self.height = try container.decodeIfPresent(Int.self, forKey: .height) ?? 0
        self.width = try container.decodeIfPresent(Int.self, forKey: .width) ?? 0
        self.inpaintItems = try container.decodeIfPresent([InpaintItem].self, forKey: .inpaintItems)
        self.failureReason = try container.decodeIfPresent(String.self, forKey: .failureReason)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.object, forKey: .object)
        try container.encode(self.id, forKey: .id)
        try container.encode(self.status, forKey: .status)
        try container.encode(self.createdAt, forKey: .createdAt)
        try container.encode(self.finishedAt, forKey: .finishedAt)
        try container.encode(self.expiresAt, forKey: .expiresAt)
        try container.encode(self.generations, forKey: .generations)
        try container.encode(self.prompt, forKey: .prompt)
        try container.encode(self.model, forKey: .model)
        try container.encode(self.nVariants, forKey: .nVariants)
        try container.encode(self.nSeconds, forKey: .nSeconds)
        try container.encode(self.height, forKey: .height)
        try container.encode(self.width, forKey: .width)
        try container.encodeIfPresent(self.inpaintItems, forKey: .inpaintItems)
        try container.encode(self.failureReason, forKey: .failureReason)
    }
}

/// One variant of a Sora 1 job: its content is at `/video/generations/{id}/content/video`.
public struct VideoGeneration: Codable, Hashable, Sendable {
    public var object: String
    public var id: String
    public var jobID: String
    public var createdAt: Int
    public var width: Int
    public var height: Int
    public var nSeconds: Int
    public var prompt: String

    public init(id: String, jobID: String, createdAt: Int, width: Int, height: Int, nSeconds: Int, prompt: String) {
        self.object = "video.generation"
        self.id = id
        self.jobID = jobID
        self.createdAt = createdAt
        self.width = width
        self.height = height
        self.nSeconds = nSeconds
        self.prompt = prompt
    }

    enum CodingKeys: String, CodingKey {
        case object, id, width, height, prompt
        case jobID = "job_id"
        case createdAt = "created_at"
        case nSeconds = "n_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.object = try container.decodeIfPresent(String.self, forKey: .object) ?? "video.generation"
        self.id = try container.decode(String.self, forKey: .id)
        self.jobID = try container.decodeIfPresent(String.self, forKey: .jobID) ?? ""
        self.createdAt = try container.decodeIfPresent(Int.self, forKey: .createdAt) ?? 0
        self.width = try container.decodeIfPresent(Int.self, forKey: .width) ?? 0
        self.height = try container.decodeIfPresent(Int.self, forKey: .height) ?? 0
        self.nSeconds = try container.decodeIfPresent(Int.self, forKey: .nSeconds) ?? 0
        self.prompt = try container.decodeIfPresent(String.self, forKey: .prompt) ?? ""
    }
}

/// A page of Sora 1 jobs.
public struct VideoGenerationJobList: Codable, Hashable, Sendable {
    public var object: String
    public var data: [VideoGenerationJob]
    public var hasMore: Bool
    public var firstID: String?
    public var lastID: String?

    public init(data: [VideoGenerationJob], hasMore: Bool) {
        self.object = "list"
        self.data = data
        self.hasMore = hasMore
        self.firstID = data.first?.id
        self.lastID = data.last?.id
    }

    enum CodingKeys: String, CodingKey {
        case object, data
        case hasMore = "has_more"
        case firstID = "first_id"
        case lastID = "last_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.object = try container.decodeIfPresent(String.self, forKey: .object) ?? "list"
        self.data = try container.decodeIfPresent([VideoGenerationJob].self, forKey: .data) ?? []
        self.hasMore = try container.decodeIfPresent(Bool.self, forKey: .hasMore) ?? false
        self.firstID = try container.decodeIfPresent(String.self, forKey: .firstID)
        self.lastID = try container.decodeIfPresent(String.self, forKey: .lastID)
    }
}
