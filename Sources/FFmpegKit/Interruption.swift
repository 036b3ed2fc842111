internal import CFFmpeg
import Synchronization

/// A deadline and a cancellation flag that FFmpeg polls through `interrupt_callback`
/// while it reads, so a hostile or slow input cannot hold a thread forever.
///
/// It is shared between the thread running FFmpeg and whoever may cancel the work,
/// hence `Sendable`: its only mutable state is an atomic flag.
package final class Interruption: Sendable {
    private let timeLimit: Duration?
    private let deadline: Mutex<ContinuousClock.Instant?>
    private let cancelled = Atomic<Bool>(false)
    /// Polls left while opening; negative once opening is over (no limit then).
    private let openingPolls = Atomic<Int>(-1)
    private let openingExhausted = Atomic<Bool>(false)

    /// FFmpeg polls once per packet while probing streams. A valid file needs a few thousand;
    /// a damaged one with millions of empty samples keeps libavformat allocating until the
    /// deadline (fuzzing found 250 MB from a 2 KB file), so opening gets a budget of polls.
    package static let openingPollBudget = 200_000

    /// - Parameter timeLimit: how long the work may take from now (or from ``startClock()``),
    ///   or `nil` for no limit.
    package init(timeLimit: Duration? = nil) {
        self.timeLimit = timeLimit
        self.deadline = Mutex(timeLimit.map { ContinuousClock.now.advanced(by: $0) })
    }

    /// Starts the time limit over from now: work queued for a thread (behind other work on a
    /// busy pool) gets its whole limit once it runs, not what is left after the wait.
    package func startClock() {
        guard let timeLimit = self.timeLimit else { return }
        self.deadline.withLock { $0 = ContinuousClock.now.advanced(by: timeLimit) }
    }

    /// Asks FFmpeg to stop at its next check.
    package func cancel() {
        self.cancelled.store(true, ordering: .relaxed)
    }

    /// Starts or ends the opening phase, during which polls are counted.
    package func setOpening(_ opening: Bool) {
        self.openingPolls.store(opening ? Self.openingPollBudget : -1, ordering: .relaxed)
    }

    /// Whether opening used up its poll budget (the reason it stopped).
    package var exhaustedOpeningBudget: Bool { self.openingExhausted.load(ordering: .relaxed) }

    /// Whether the work should stop: cancelled, past the deadline, or opening without end.
    package var shouldStop: Bool {
        if self.cancelled.load(ordering: .relaxed) { return true }
        if self.openingPolls.load(ordering: .relaxed) >= 0 {
            if self.openingPolls.subtract(1, ordering: .relaxed).newValue < 0 {
                self.openingExhausted.store(true, ordering: .relaxed)
                return true
            }
        }
        return self.isPastDeadline
    }

    /// Whether the deadline (rather than cancellation) is the reason to stop.
    package var isPastDeadline: Bool {
        guard let deadline = self.deadline.withLock({ $0 }) else { return false }
        return ContinuousClock.now >= deadline
    }

    /// The callback FFmpeg calls; `opaque` is an unretained `Interruption`.
    var callback: AVIOInterruptCB {
        AVIOInterruptCB(
            callback: { opaque in
                guard let opaque else { return 0 }
                return Unmanaged<Interruption>.fromOpaque(opaque).takeUnretainedValue().shouldStop ? 1 : 0
            },
            opaque: Unmanaged.passUnretained(self).toOpaque()
        )
    }
}
