/// Everything a ``SoraClient`` needs: the endpoint and how patient to be with it.
public struct SoraClientConfiguration: Sendable {
    public var endpoint: SoraEndpoint
    public var retry: RetryPolicy
    /// Limit on one API call (not a download).
    public var requestTimeout: Duration
    /// Limit on one download attempt.
    public var downloadTimeout: Duration
    /// Downloads larger than this are refused.
    public var maxDownloadBytes: Int64
    /// Jobs running at once on this deployment (Azure allows 2).
    public var maxRunningJobs: Int
    /// Poll interval when the service suggests none: starts here, grows by half each poll.
    public var initialPollInterval: Double
    public var maxPollInterval: Double

    public init(
        endpoint: SoraEndpoint,
        retry: RetryPolicy = RetryPolicy(),
        requestTimeout: Duration = .seconds(60),
        downloadTimeout: Duration = .seconds(1800),
        maxDownloadBytes: Int64 = 4 << 30,
        maxRunningJobs: Int = 2,
        initialPollInterval: Double = 1,
        maxPollInterval: Double = 15
    ) {
        self.endpoint = endpoint
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.downloadTimeout = downloadTimeout
        self.maxDownloadBytes = maxDownloadBytes
        self.maxRunningJobs = maxRunningJobs
        self.initialPollInterval = initialPollInterval
        self.maxPollInterval = maxPollInterval
    }
}
