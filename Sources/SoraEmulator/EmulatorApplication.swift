public import Hummingbird
public import Logging
import NIOCore

/// Builds the emulator: a Hummingbird application serving both Sora APIs.
///
/// - Parameters:
///   - clock: the emulator's time (tests pass a ``ManualClock`` to step through lifecycles).
///   - onServerRunning: called with the bound port once the server listens (for port 0).
public func buildEmulatorApplication(
    configuration: EmulatorConfiguration,
    clock: any EmulatorClock = WallClock(),
    logger: Logger = Logger(label: "sorareel.emulator"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    try buildEmulatorApplication(
        configuration: configuration, store: JobStore(configuration: configuration, clock: clock), logger: logger,
        onServerRunning: onServerRunning
    )
}

/// The application around a given store (which ``SoraEmulatorServer`` keeps, to report usage).
func buildEmulatorApplication(
    configuration: EmulatorConfiguration,
    store: JobStore,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void
) throws -> some ApplicationProtocol {
    let renderer = try ContentRenderer(configuration: configuration)
    let router = Router()
    router.middlewares.add(EmulatorMiddleware(configuration: configuration, store: store))
    AzureJobsRoutes(store: store, renderer: renderer, configuration: configuration).add(to: router)
    VideosRoutes(store: store, renderer: renderer, configuration: configuration).add(to: router)
    router.get("emulator/stats") { _, _ in try JSONResponse.make(await store.usage) }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "sorareel-emulator"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}
