public import SoraAPI

/// Everything a ``SoraClient`` needs: the endpoint and how patient to be with it.
public struct SoraClientConfiguration: Sendable {
    public var endpoint: SoraEndpoint
    /// The limits requests are checked against before they are sent.
    public var models: ModelCatalog
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
    /// After a create whose answer was lost, how long a job may take to show in the service's
    /// job list before the create is sent again.
    public var createSettleTime: Double
    /// How far the service's clock may run behind this machine's when jobs are matched by their
    /// creation time (adopting a job whose create answer was lost).
    public var clockSkewAllowance: Double
    /// Told of each retry and each lost answer, in words: the command line prints these on stderr.
    public var onNotice: @Sendable (String) -> Void

    public init(
        endpoint: SoraEndpoint,
        models: ModelCatalog = ModelCatalog(),
        retry: RetryPolicy = RetryPolicy(),
        requestTimeout: Duration = .seconds(60),
        downloadTimeout: Duration = .seconds(1800),
        maxDownloadBytes: Int64 = 4 << 30,
        maxRunningJobs: Int = 2,
        initialPollInterval: Double = 1,
        maxPollInterval: Double = 15,
        createSettleTime: Double = 3,
        clockSkewAllowance: Double = 60,
        onNotice: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.endpoint = endpoint
        self.models = models
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.downloadTimeout = downloadTimeout
        self.maxDownloadBytes = maxDownloadBytes
        self.maxRunningJobs = maxRunningJobs
        self.initialPollInterval = initialPollInterval
        self.maxPollInterval = maxPollInterval
        self.createSettleTime = createSettleTime
        self.clockSkewAllowance = clockSkewAllowance
        self.onNotice = onNotice
    }
}
