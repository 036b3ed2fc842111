public import Logging
import Hummingbird
import Synchronization

/// The emulator running in this process, on a loopback port: what `generate` and `run` use
/// when no endpoint is configured, and what tests drive with the real client.
public final class SoraEmulatorServer: Sendable {
    /// `http://127.0.0.1:PORT`; the Azure surface is below `/openai/v1`, OpenAI's below `/v1`.
    public let baseURL: String
    private let task: Task<Void, any Error>

    private init(baseURL: String, task: Task<Void, any Error>) {
        self.baseURL = baseURL
        self.task = task
    }

    /// Starts the emulator and returns once it accepts connections.
    public static func start(
        configuration: EmulatorConfiguration = EmulatorConfiguration(port: 0),
        clock: any EmulatorClock = WallClock(),
        logger: Logger = Logger(label: "sorareel.emulator")
    ) async throws -> SoraEmulatorServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = try buildEmulatorApplication(configuration: configuration, clock: clock, logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        let task = Task {
            defer { continuation.finish() }
            try await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            task.cancel()
            _ = try await task.value
            throw CancellationError()
        }
        return SoraEmulatorServer(baseURL: "http://\(configuration.host):\(port)", task: task)
    }

    /// Stops serving and waits for the server to close.
    public func stop() async {
        self.task.cancel()
        _ = try? await self.task.value
    }
}
