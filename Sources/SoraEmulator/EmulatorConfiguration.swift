/// How the emulator behaves: timing, limits, faults and error shapes.
public struct EmulatorConfiguration: Sendable {
    /// The shape of error bodies: `{"error": {...}}` (what live services send) or flat.
    public enum ErrorShape: String, Sendable, CaseIterable {
        case envelope, flat
    }

    /// How job ids look.
    public enum IDStyle: String, Sendable, CaseIterable {
        /// Like the services': `task_01jw...`, `video_01jw...` (letters and digits).
        case native
        /// Like a LiteLLM proxy's: the prefix, then standard base64 with `+`, `/` and `=`.
        case gateway
    }

    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// Multiplies every job timing: 1 is realistic (tens of seconds), 0.05 twenty times
    /// faster, 0 immediate (only rendering takes time).
    public var timeScale: Double
    /// Seeds ids, faults and content, so runs repeat.
    public var seed: UInt64
    /// Each fault and the fraction (0...1) of requests or jobs it hits.
    public var faults: [EmulatorFault: Double]
    public var errorShape: ErrorShape
    public var idStyle: IDStyle
    /// The status of a successful create: 201, as a live Azure deployment answered, or the spec's 200.
    public var createStatus: Int
    /// Jobs running at once per deployment before create answers 429 "too many running tasks".
    public var maxRunningPerDeployment: Int
    /// Create requests accepted per minute (the Sora quota counts job requests); 0 for no limit.
    public var createsPerMinute: Int
    /// Clips rendered at once.
    public var renderConcurrency: Int
    /// Request bodies larger than this are refused with 413.
    public var maxBodyBytes: Int
    /// Keys accepted; `nil` accepts any non-empty key or bearer token.
    public var apiKeys: Set<String>?
    /// Where rendered clips are cached (a temporary folder when `nil`).
    public var stateDirectory: String?
    /// Sora 1 variants (by index) served as damaged clips, cut short as a failed upload would
    /// leave them: for drills of QA and variant fallback.
    public var corruptVariants: Set<Int>

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        timeScale: Double = 1,
        seed: UInt64 = 1,
        faults: [EmulatorFault: Double] = [:],
        errorShape: ErrorShape = .envelope,
        idStyle: IDStyle = .native,
        createStatus: Int = 201,
        maxRunningPerDeployment: Int = 2,
        createsPerMinute: Int = 60,
        renderConcurrency: Int = 2,
        maxBodyBytes: Int = 25 << 20,
        apiKeys: Set<String>? = nil,
        stateDirectory: String? = nil,
        corruptVariants: Set<Int> = []
    ) {
        self.host = host
        self.port = port
        self.timeScale = timeScale
        self.seed = seed
        self.faults = faults
        self.errorShape = errorShape
        self.idStyle = idStyle
        self.createStatus = createStatus
        self.maxRunningPerDeployment = maxRunningPerDeployment
        self.createsPerMinute = createsPerMinute
        self.renderConcurrency = renderConcurrency
        self.maxBodyBytes = maxBodyBytes
        self.apiKeys = apiKeys
        self.stateDirectory = stateDirectory
        self.corruptVariants = corruptVariants
    }

    /// Seconds a job stays downloadable: 24 h, scaled (never under a minute).
    var retention: Double {
        self.timeScale > 0 ? max(60, 86_400 * self.timeScale) : 86_400
    }
}
