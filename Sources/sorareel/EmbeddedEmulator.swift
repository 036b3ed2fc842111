import Logging
import SoraEmulator

/// The built-in emulator, started in this process on a loopback port when no endpoint is configured.
struct EmbeddedEmulator: Sendable {
    /// The key the embedded emulator is given; any key works against it.
    static let apiKey = "sorareel-emulator"
    let server: SoraEmulatorServer

    var baseURL: String { self.server.baseURL }

    /// Starts it with realistic limits and fast timing (a job takes about a second plus rendering).
    /// Its server logs stay quiet unless `--verbose` asked for detail.
    static func start(logger: Logger) async throws -> EmbeddedEmulator {
        let configuration = EmulatorConfiguration(port: 0, timeScale: 0.03, createsPerMinute: 0)
        var serverLogger = logger
        serverLogger.logLevel = logger.logLevel <= .debug ? .info : .critical
        return EmbeddedEmulator(server: try await SoraEmulatorServer.start(configuration: configuration, logger: serverLogger))
    }

    func stop() async {
        await self.server.stop()
    }
}
