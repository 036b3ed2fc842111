internal import CFFmpeg
import Synchronization

/// A deadline and a cancellation flag that FFmpeg polls through `interrupt_callback`
/// while it reads, so a hostile or slow input cannot hold a thread forever.
///
/// It is shared between the thread running FFmpeg and whoever may cancel the work,
/// hence `Sendable`: its only mutable state is an atomic flag.
package final class Interruption: Sendable {
    private let deadline: ContinuousClock.Instant?
    private let cancelled = Atomic<Bool>(false)

    /// - Parameter timeLimit: how long the work may take from now, or `nil` for no limit.
    package init(timeLimit: Duration? = nil) {
        self.deadline = timeLimit.map { ContinuousClock.now.advanced(by: $0) }
    }

    /// Asks FFmpeg to stop at its next check.
    package func cancel() {
        self.cancelled.store(true, ordering: .relaxed)
    }

    /// Whether the work should stop: cancelled, or past the deadline.
    package var shouldStop: Bool {
        if self.cancelled.load(ordering: .relaxed) { return true }
        if let deadline = self.deadline, ContinuousClock.now >= deadline { return true }
        return false
    }

    /// Whether the deadline (rather than cancellation) is the reason to stop.
    package var isPastDeadline: Bool {
        guard let deadline = self.deadline else { return false }
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
