import FFmpegKit
import NIOCore
import NIOPosix

/// Runs blocking FFmpeg work on a thread pool of MediaKit's own, off the cooperative pool, and
/// bridges task cancellation to FFmpeg's interrupt callback: every public MediaKit operation
/// goes through it.
enum BlockingWork {
    /// Twice as many threads as cores (at least four): a long decode never holds up a quick
    /// probe for its whole length, and NIO's shared pool (file serving, among others) is left to
    /// NIO. The threads live as long as the process.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(4, 2 * System.coreCount))
        pool.start()
        return pool
    }()

    /// - Parameters:
    ///   - timeLimit: the deadline FFmpeg's interrupt callback enforces, counted from when the
    ///     work gets a thread.
    ///   - path: the file the work concerns, to name in a cancellation.
    static func run<Result: Sendable>(
        timeLimit: Duration? = .seconds(60),
        path: String,
        _ body: @escaping @Sendable (Interruption) throws(MediaError) -> Result
    ) async throws(MediaError) -> Result {
        let interruption = Interruption(timeLimit: timeLimit)
        do {
            return try await withTaskCancellationHandler {
                try await Self.pool.runIfActive {
                    interruption.startClock()
                    return try body(interruption)
                }
            } onCancel: {
                interruption.cancel()
            }
        } catch let error as MediaError {
            throw error
        } catch {
            // Cancelled before the work started, or the pool is shutting down.
            throw MediaError(.cancelled, path: path, "cancelled")
        }
    }
}
