import Synchronization

/// Lets at most `permits` tasks in at once; the rest wait their turn, in order, and leave the
/// queue when cancelled or when their deadline passes. The client caps a deployment's running
/// jobs with it, the emulator its renders: it lives here, in the module both build on.
public final class AsyncSemaphore: Sendable {
    /// Why a wait ended without a permit.
    public enum WaitError: Error, Sendable {
        /// The deadline passed first.
        case deadline
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    public init(permits: Int) {
        self.state = Mutex(State(available: max(1, permits)))
    }

    /// Runs `body` holding a permit, given back however `body` ends.
    /// - Throws: `CancellationError` or ``WaitError/deadline`` when no permit came in time, or what `body` throws.
    public func withPermit<T: Sendable>(until deadline: ContinuousClock.Instant? = nil, _ body: () async throws -> T) async throws -> T {
        try await self.acquire(until: deadline)
        do {
            let result = try await body()
            self.release()
            return result
        } catch {
            self.release()
            throw error
        }
    }

    /// Waits for a permit; call ``release()`` once done with it.
    public func acquire(until deadline: ContinuousClock.Instant? = nil) async throws {
        let id: UInt64? = self.state.withLock { state in
            if state.available > 0 {
                state.available -= 1
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        let timer = deadline.map { deadline in
            Task { [weak self] in
                try? await Task.sleep(until: deadline, clock: .continuous)
                if !Task.isCancelled { self?.abandon(id, with: WaitError.deadline) }
            }
        }
        defer { timer?.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let failed: (any Error)? = self.state.withLock { state in
                    if Task.isCancelled { return CancellationError() }
                    if let deadline, ContinuousClock.now >= deadline { return WaitError.deadline }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let failed { continuation.resume(throwing: failed) }
            }
        } onCancel: {
            self.abandon(id, with: CancellationError())
        }
    }

    /// Gives a permit back: to the longest waiter, if any.
    public func release() {
        let next: CheckedContinuation<Void, any Error>? = self.state.withLock { state in
            guard !state.waiters.isEmpty else {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }

    /// Takes waiter `id` out of the queue with `error`, if it is still waiting.
    private func abandon(_ id: UInt64, with error: any Error) {
        let waiter: Waiter? = self.state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }
}
