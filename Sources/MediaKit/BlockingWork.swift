import FFmpegKit
import NIOPosix

/// Runs blocking FFmpeg work on NIO's thread pool, off the cooperative pool, and bridges
/// task cancellation to FFmpeg's interrupt callback.
enum BlockingWork {
    /// - Parameter timeLimit: the deadline FFmpeg's interrupt callback enforces.
    static func run<Result: Sendable>(
        timeLimit: Duration? = .seconds(60),
        _ body: @escaping @Sendable (Interruption) throws(MediaError) -> Result
    ) async throws -> Result {
        let interruption = Interruption(timeLimit: timeLimit)
        return try await withTaskCancellationHandler {
            try await NIOThreadPool.singleton.runIfActive {
                interruption.startClock()
                return try body(interruption)
            }
        } onCancel: {
            interruption.cancel()
        }
    }
}
