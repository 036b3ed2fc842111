/// Receives a run's progress, to show it (a live line per shot on a terminal, log lines elsewhere).
public protocol RunObserver: Sendable {
    /// A shot moved: `state` is a short word (queued, running, downloading, checking, done, failed).
    func shot(_ name: String, state: String, percent: Int?, detail: String?)
    /// A run-level message (building the reel, resuming).
    func note(_ message: String)
    /// What the run's jobs bill so far (this folder's earlier runs included), and its budget.
    func spend(_ spent: Spend, budget: Budget)
}

extension RunObserver {
    public func spend(_ spent: Spend, budget: Budget) {}
}

/// Ignores everything.
public struct SilentObserver: RunObserver {
    public init() {}
    public func shot(_ name: String, state: String, percent: Int?, detail: String?) {}
    public func note(_ message: String) {}
}
