public import Foundation
public import SoraAPI

/// What to generate, in terms both APIs understand.
public struct GenerationRequest: Sendable, Hashable {
    public var prompt: String
    public var size: VideoSize
    public var seconds: Int
    /// Variants (Sora 1 only; Sora 2 makes one video per job).
    public var variants: Int
    /// An image to start from: Sora 2's `input_reference`, Sora 1's first inpaint item. It must
    /// match the output size; the caller fits it first (``SoraClientConfiguration``'s users can
    /// use MediaKit for that).
    public var inputImage: InputImage?

    public init(prompt: String, size: VideoSize, seconds: Int, variants: Int = 1, inputImage: InputImage? = nil) {
        self.prompt = prompt
        self.size = size
        self.seconds = seconds
        self.variants = variants
        self.inputImage = inputImage
    }

    public init(prompt: String, width: Int, height: Int, seconds: Int, variants: Int = 1, inputImage: InputImage? = nil) {
        self.init(prompt: prompt, size: VideoSize(width: width, height: height), seconds: seconds, variants: variants, inputImage: inputImage)
    }

    public var width: Int { self.size.width }
    public var height: Int { self.size.height }

    /// Everything `model` on `api` would refuse in this request, checked locally: the limits the
    /// catalog knows, or for a model it does not know, only what the API shape itself requires
    /// (one video per job on the Videos API) and the prompt-length guard.
    public func problems(api: VideoAPI, model: String, catalog: ModelCatalog) -> [LimitProblem] {
        let limits = catalog.limits(api: api, model: model) ?? ModelLimits(name: model, variants: api == .openai ? .onePerJob : nil)
        return limits.problems(prompt: self.prompt, size: self.size, seconds: self.seconds, variants: self.variants)
    }

    /// Whether `job` can be what this request asked for: every field the service gave back
    /// (prompt, size, length, variants, model) is the request's. A gateway may leave some out
    /// (a LiteLLM proxy does not echo the prompt): a job resumed by its id is then judged on the
    /// rest. Adopting a job found in a list needs more (``isSurely(_:model:)``).
    public func matches(_ job: GenerationJob, model: String) -> Bool {
        (job.prompt.isEmpty || job.prompt == self.prompt) && (job.width == 0 || job.width == self.width)
            && (job.height == 0 || job.height == self.height) && (job.seconds == 0 || job.seconds == self.seconds)
            && job.variants == self.variants && (job.model.isEmpty || Self.sameModel(job.model, model))
    }

    /// Whether `job`, found in a service's list, is surely this request's: it matches and its
    /// prompt is there to compare. A job whose prompt the service does not show is never adopted.
    public func isSurely(_ job: GenerationJob, model: String) -> Bool {
        !job.prompt.isEmpty && self.matches(job, model: model)
    }

    /// `sora-2` names the same model as `openai/sora-2` (a gateway may add its provider prefix).
    private static func sameModel(_ a: String, _ b: String) -> Bool {
        let strip = { (name: String) in name.split(separator: "/").last.map { $0.lowercased() } ?? "" }
        return strip(a) == strip(b)
    }
}

/// An image uploaded with a request: bytes, a file name and a MIME type, as a multipart file part.
public struct InputImage: Sendable, Hashable {
    public var data: Data
    public var fileName: String
    public var contentType: String

    public init(data: Data, fileName: String, contentType: String) {
        self.data = data
        self.fileName = fileName
        self.contentType = contentType
    }
}

/// Where a job is, in terms both APIs share.
public enum GenerationState: Sendable, Hashable {
    case queued
    /// Working; the percentage when the API gives one.
    case running(progress: Int?)
    case succeeded
    case failed(reason: String)
    case cancelled
    /// A status this client does not know; treated as final so waits end.
    case unknown(String)

    public var isTerminal: Bool {
        switch self {
        case .queued, .running: false
        default: true
        }
    }
}

/// A job on either API, as this client sees it.
public struct GenerationJob: Sendable, Hashable {
    public var id: String
    public var api: VideoAPI
    public var state: GenerationState
    /// The status string the API sent.
    public var status: String
    public var prompt: String
    /// The model, or on Azure the deployment name; empty when the service does not say.
    public var model: String
    public var width: Int
    public var height: Int
    public var seconds: Int
    /// Clips the job makes (Sora 1's `n_variants`; 1 on the Videos API).
    public var variants: Int
    /// Unix seconds.
    public var createdAt: Int
    public var expiresAt: Int?
    /// What to download: Sora 1 generation ids, or the Sora 2 video id.
    public var outputs: [String]
    /// Seconds the service asked pollers to wait (`openai-poll-after-ms`, `Retry-After`).
    public var pollAfter: Double?

    public init(
        id: String, api: VideoAPI, state: GenerationState, status: String, prompt: String, model: String = "",
        width: Int, height: Int, seconds: Int, variants: Int = 1, createdAt: Int, expiresAt: Int?, outputs: [String],
        pollAfter: Double? = nil
    ) {
        self.id = id
        self.api = api
        self.state = state
        self.status = status
        self.prompt = prompt
        self.model = model
        self.width = width
        self.height = height
        self.seconds = seconds
        self.variants = variants
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.outputs = outputs
        self.pollAfter = pollAfter
    }
}

/// What can be downloaded for an output.
public enum ContentKind: String, Sendable, Hashable, CaseIterable {
    /// The MP4.
    case video
    /// A still (JPEG on Sora 1, WebP on Sora 2).
    case thumbnail
    /// A grid of stills (Sora 2 only, JPEG).
    case spritesheet
}

/// A file a download wrote.
public struct DownloadedFile: Sendable, Hashable {
    public var path: String
    public var bytes: Int64
    /// How many times the transfer was resumed or restarted after a break.
    public var resumptions: Int
}
