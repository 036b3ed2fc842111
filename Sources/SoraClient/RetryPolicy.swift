/// How failed requests are retried: jittered exponential backoff, bounded in attempts and time.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var initialDelay: Double
    public var maxDelay: Double
    /// Total seconds spent waiting between attempts, at most.
    public var budget: Double
    /// Seconds one call may take in all, attempts and waits included (`jobs --timeout`); `nil`
    /// leaves it to the attempts, each bounded by the request timeout.
    public var timeLimit: Double?

    public init(maxAttempts: Int = 6, initialDelay: Double = 0.5, maxDelay: Double = 20, budget: Double = 120, timeLimit: Double? = nil) {
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.budget = budget
        self.timeLimit = timeLimit
    }

    /// Whether another attempt may follow attempt `attempt` after `delay`, having waited
    /// `waited` seconds so far and spent `elapsed` in all.
    func allowsRetry(after attempt: Int, delay: Double, waited: Double, elapsed: Double) -> Bool {
        attempt < self.maxAttempts && waited + delay <= self.budget && self.timeLimit.map { elapsed + delay < $0 } ?? true
    }

    /// No retries: tests that want to see the first failure.
    public static let none = RetryPolicy(maxAttempts: 1, budget: 0)

    /// Seconds to wait before attempt `attempt + 1` (attempt counts from 1): the server's
    /// `Retry-After` when it gave one, else `initialDelay * 2^(attempt-1)` with full jitter.
    public func delay(afterAttempt attempt: Int, serverHint: Double?) -> Double {
        if let serverHint, serverHint >= 0 { return min(serverHint, self.maxDelay * 3) }
        let ceiling = min(self.maxDelay, self.initialDelay * Double(1 << min(attempt - 1, 20)))
        return Double.random(in: ceiling / 2...ceiling)
    }
}
