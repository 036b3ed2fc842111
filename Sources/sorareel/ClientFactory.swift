import Foundation
import Logging
import ReelPipeline
import SoraAPI
import SoraClient

/// Makes clients for the configured API, or for the built-in emulator when nothing is
/// configured; shared by `generate`, `jobs` and `run`, and shut down once at the end.
actor ClientFactory: ClientSource {
    private let options: APIOptions
    private let logger: Logger
    private var clients: [String: SoraClient] = [:]
    private var emulator: EmbeddedEmulator?
    private let maxRunning: Int
    private let quiet: Bool
    /// Overall seconds one API call may take, retries included (`jobs --timeout`); `nil` keeps the default.
    private let callTimeout: Int?
    /// The limits clients check requests against (a gateway's models from `--models`).
    private let models: ModelCatalog

    init(
        options: APIOptions, maxRunning: Int = 2, quiet: Bool = false, callTimeout: Int? = nil, models: ModelCatalog = ModelCatalog(),
        logger: Logger
    ) {
        self.options = options
        self.models = models
        self.maxRunning = maxRunning
        self.quiet = quiet
        self.callTimeout = callTimeout
        self.logger = logger
    }

    func client(for api: VideoAPI, model: String) async throws -> SoraClient {
        let key = "\(api.rawValue)/\(model)"
        if let client = self.clients[key] { return client }
        var overrides = self.options.overrides
        overrides.api = self.options.api ?? api
        overrides.model = self.options.model ?? model
        var configuration: SoraClientConfiguration
        if !self.options.emulator, let configured = try SoraClientConfiguration.fromEnvironment(overrides: overrides) {
            configuration = configured
        } else {
            configuration = try await self.emulatorConfiguration(api: overrides.api ?? api, model: overrides.model ?? model)
        }
        configuration.maxRunningJobs = self.maxRunning
        configuration.models = self.models
        if let seconds = self.callTimeout {
            configuration.retry.timeLimit = Double(seconds)
            configuration.requestTimeout = .seconds(min(seconds, Int(configuration.requestTimeout.components.seconds)))
        }
        // Retries and lost answers are said on stderr as they happen: a command is never silent
        // while it waits on a service.
        let quiet = self.quiet
        configuration.onNotice = { message in if !quiet { printError(message) } }
        let client = try SoraClient(configuration: configuration, logger: self.logger)
        self.clients[key] = client
        return client
    }

    /// The client for the flags alone (commands that take no storyboard).
    func defaultClient() async throws -> SoraClient {
        let api = self.options.api ?? .azure
        return try await self.client(for: api, model: self.options.model ?? api.defaultModel)
    }

    private func emulatorConfiguration(api: VideoAPI, model: String) async throws -> SoraClientConfiguration {
        let emulator: EmbeddedEmulator
        if let running = self.emulator {
            emulator = running
        } else {
            emulator = try await EmbeddedEmulator.start(logger: self.logger)
            self.emulator = emulator
            printError("no Sora endpoint configured: using the built-in emulator at \(emulator.baseURL)")
        }
        let base = emulator.baseURL + (api == .azure ? "/openai/v1" : "/v1")
        return SoraClientConfiguration(
            endpoint: SoraEndpoint(
                api: api, baseURL: base, apiVersion: api == .azure ? "preview" : nil,
                credential: api == .azure ? .apiKey(EmbeddedEmulator.apiKey) : .bearer(EmbeddedEmulator.apiKey), model: model
            ),
            initialPollInterval: 0.2, maxPollInterval: 2
        )
    }

    func shutdown() async {
        for client in self.clients.values { try? await client.shutdown() }
        self.clients = [:]
        await self.emulator?.stop()
        self.emulator = nil
    }
}
