/// Holds one token and fetches a new one shortly before it expires; concurrent callers
/// share a single refresh.
actor TokenCache {
    private let refreshMargin: Double
    private let fetch: @Sendable () async throws -> (token: String, expiresAt: Double)
    private var current: (token: String, expiresAt: Double)?
    private var refreshing: Task<(token: String, expiresAt: Double), any Error>?

    /// - Parameters:
    ///   - refreshMargin: seconds before expiry at which a token is replaced.
    ///   - fetch: obtains a token and its expiry (Unix seconds).
    init(refreshMargin: Double = 300, fetch: @escaping @Sendable () async throws -> (token: String, expiresAt: Double)) {
        self.refreshMargin = refreshMargin
        self.fetch = fetch
    }

    func token(now: Double) async throws -> String {
        if let current, current.expiresAt - self.refreshMargin > now {
            return current.token
        }
        if let refreshing {
            return try await refreshing.value.token
        }
        let task = Task { try await self.fetch() }
        self.refreshing = task
        defer { self.refreshing = nil }
        let fresh = try await task.value
        self.current = fresh
        return fresh.token
    }
}
