import Foundation
import Hummingbird
public import Logging
import ServiceLifecycle
import Synchronization

/// The emulator running in this process, on a loopback port: what `generate` and `run` use
/// when no endpoint is configured, and what tests drive with the real client.
public final class SoraEmulatorServer: Sendable {
    /// `http://127.0.0.1:PORT`; the Azure surface is below `/openai/v1`, OpenAI's below `/v1`.
    public let baseURL: String
    private let task: Task<Void, any Error>
    private let group: ServiceGroup
    private let store: JobStore
    /// A state folder this server made for itself, removed when it stops.
    private let ownedFolder: String?

    private init(baseURL: String, task: Task<Void, any Error>, group: ServiceGroup, store: JobStore, ownedFolder: String?) {
        self.baseURL = baseURL
        self.task = task
        self.group = group
        self.store = store
        self.ownedFolder = ownedFolder
    }

    /// Starts the emulator and returns once it accepts connections.
    public static func start(
        configuration: EmulatorConfiguration = EmulatorConfiguration(port: 0),
        clock: any EmulatorClock = WallClock(),
        logger: Logger = Logger(label: "sorareel.emulator")
    ) async throws -> SoraEmulatorServer {
        var configuration = configuration
        var ownedFolder: String? = nil
        if configuration.stateDirectory == nil {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sorareel-emulator-\(UUID().uuidString)").path
            configuration.stateDirectory = folder
            ownedFolder = folder
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let store = JobStore(configuration: configuration, clock: clock)
        let app = try buildEmulatorApplication(configuration: configuration, store: store, logger: logger) { port in
            continuation.yield(port)
            continuation.finish()
        }
        // Run under a service group of our own so stopping is a graceful shutdown (open
        // connections finish) rather than a cancellation of the server mid-response.
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [app], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            task.cancel()
            _ = try await task.value
            throw CancellationError()
        }
        return SoraEmulatorServer(baseURL: "http://\(configuration.host):\(port)", task: task, group: group, store: store, ownedFolder: ownedFolder)
    }

    /// What the emulator has made so far (also served at `GET /emulator/stats`).
    public func usage() async -> EmulatorUsage {
        await self.store.usage
    }

    /// Stops serving and waits for the server to close.
    public func stop() async {
        await self.group.triggerGracefulShutdown()
        _ = try? await self.task.value
        if let folder = self.ownedFolder {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }
}
