import SoraAPI
import Synchronization
import Testing

/// The one semaphore of the package: permits in order, and waits that end when cancelled or
/// when their deadline passes, without losing a permit.
@Suite(.timeLimit(.minutes(1)))
struct AsyncSemaphoreTests {
    /// How many run at once, and the most that ever did.
    final class Gauge: Sendable {
        private let state = Mutex((now: 0, peak: 0))
        func enter() {
            self.state.withLock {
                $0.now += 1; $0.peak = max($0.peak, $0.now)
            }
        }
        func leave() { self.state.withLock { $0.now -= 1 } }
        var peak: Int { self.state.withLock { $0.peak } }
    }

    @Test func noMoreThanThePermitsRunAtOnce() async throws {
        let semaphore = AsyncSemaphore(permits: 2)
        let running = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await semaphore.withPermit {
                        running.enter()
                        try await Task.sleep(for: .milliseconds(20))
                        running.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(running.peak == 2)
    }

    @Test func aCancelledWaitLeavesTheQueueAndKeepsThePermitCount() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        try await semaphore.acquire()
        let waiter = Task { try await semaphore.acquire() }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        semaphore.release()
        try await semaphore.acquire(until: .now + .seconds(5))  // the one permit is free again
    }

    @Test func aWaitEndsAtItsDeadline() async throws {
        let semaphore = AsyncSemaphore(permits: 1)
        try await semaphore.acquire()
        await #expect(throws: AsyncSemaphore.WaitError.deadline) {
            try await semaphore.acquire(until: .now + .milliseconds(100))
        }
        semaphore.release()
        try await semaphore.withPermit(until: .now + .seconds(5)) {}
    }
}
