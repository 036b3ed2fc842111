import Foundation

/// How a queue worker behaves.
public struct WorkerOptions: Sendable {
    /// Unique across the queue: `host:pid:random` by default.
    public var id: String
    public var host: String
    /// How long a claim lasts without a heartbeat: a worker that dies loses its shots to
    /// others this long after its last beat. Heartbeats come every third of it.
    public var leaseSeconds: Double
    /// How often an idle worker looks for work.
    public var pollSeconds: Double
    /// Shots this worker works on at once (jobs running, downloads, checks); the deployments'
    /// caps bound the jobs whatever this is.
    public var concurrency: Int
    /// Stop once no storyboard is queued, running or finishing (benchmarks, tests, batch jobs).
    public var untilIdle: Bool
    /// Failures in a row (401, 403, 404, 5xx, connection) that bench a deployment.
    public var benchAfter: Int
    /// How long a benched deployment gets no new shots.
    public var benchSeconds: Double
    /// Times a shot is handed to another deployment after its own failed it before any job
    /// was made; past that, the failure stands.
    public var maxClaims: Int

    public init(
        id: String? = nil, leaseSeconds: Double = 60, pollSeconds: Double = 1, concurrency: Int = 8, untilIdle: Bool = false,
        benchAfter: Int = 3, benchSeconds: Double = 300, maxClaims: Int = 5
    ) {
        let host = ProcessInfo.processInfo.hostName
        self.host = host
        self.id = id ?? "\(host):\(getpid()):\(UUID().uuidString.prefix(4).lowercased())"
        self.leaseSeconds = leaseSeconds
        self.pollSeconds = pollSeconds
        self.concurrency = concurrency
        self.untilIdle = untilIdle
        self.benchAfter = benchAfter
        self.benchSeconds = benchSeconds
        self.maxClaims = maxClaims
    }
}
