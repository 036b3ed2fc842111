import Foundation
import Logging
import MediaKit
import ReelPipeline
import SoraAPI
import SoraClient
import SoraEmulator
import TestSupport

/// A live emulator on a loopback port and clients for it: the real client against the real
/// server, as the pipeline uses them. One client per API and model, shut down by ``stop()``.
/// The emulator runs in the test process (``start(_:)``), or as a process of its own
/// (``startProcess(_:)``).
actor PipelineHarness: ClientSource {
    private enum Server {
        case inProcess(SoraEmulatorServer)
        case process(EmulatorProcess)
    }

    private nonisolated let server: Server
    nonisolated let key = "test-key"
    private var clients: [String: SoraClient] = [:]

    private init(_ server: Server) {
        self.server = server
    }

    /// The emulator in the test process, whose usage tests read; `nil` when it is a process.
    nonisolated var emulator: SoraEmulatorServer? {
        if case .inProcess(let emulator) = self.server { emulator } else { nil }
    }

    nonisolated var baseURL: String {
        switch self.server {
        case .inProcess(let emulator): emulator.baseURL
        case .process(let process): process.baseURL
        }
    }

    static func start(
        _ configuration: EmulatorConfiguration = EmulatorConfiguration(port: 0, timeScale: 0.01, createsPerMinute: 0)
    ) async throws -> PipelineHarness {
        var quiet = Logger(label: "emulator")
        quiet.logLevel = .critical
        return PipelineHarness(.inProcess(try await SoraEmulatorServer.start(configuration: configuration, logger: quiet)))
    }

    /// With `sorareel emulator ARGUMENTS` as a process of its own.
    static func startProcess(_ arguments: [String]) async throws -> PipelineHarness {
        PipelineHarness(.process(try await EmulatorProcess.start(arguments)))
    }

    func client(for api: VideoAPI, model: String) async throws -> SoraClient {
        if let client = self.clients["\(api)/\(model)"] { return client }
        let client = try self.makeClient(api: api, model: model)
        self.clients["\(api)/\(model)"] = client
        return client
    }

    private func makeClient(api: VideoAPI, model: String) throws -> SoraClient {
        try SoraClient(
            configuration: SoraClientConfiguration(
                endpoint: SoraEndpoint(
                    api: api, baseURL: self.baseURL + (api == .azure ? "/openai/v1" : "/v1"),
                    apiVersion: api == .azure ? "preview" : nil, credential: .apiKey(self.key), model: model
                ),
                retry: RetryPolicy(maxAttempts: 8, initialDelay: 0.05, maxDelay: 0.5, budget: 20),
                initialPollInterval: 0.05, maxPollInterval: 0.2
            )
        )
    }

    /// Every job the emulator holds for `api`.
    func jobs(_ api: VideoAPI = .azure) async throws -> [GenerationJob] {
        try await self.client(for: api, model: api == .azure ? "sora" : "sora-2").generator.jobs(limit: 1000)
    }

    /// The environment that points `sorareel` at this emulator.
    /// Runs `sorareel` with `arguments` against this harness, SIGKILLs it after each of
    /// `delays` in turn (starting it again each time), then lets a last run finish.
    /// - Returns: the last run's process, exited.
    nonisolated func runKilled(_ arguments: [String], after delays: [Double]) async throws -> Process {
        for delay in delays {
            let process = SorareelBinary.process(arguments, environment: self.environment)
            async let exited: Void = ProcessRunner.runToExit(process)
            try await Task.sleep(for: .seconds(delay))
            kill(process.processIdentifier, SIGKILL)
            try await exited
        }
        let final = SorareelBinary.process(arguments, environment: self.environment)
        try await ProcessRunner.runToExit(final)
        return final
    }

    nonisolated var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["AZURE_OPENAI_ENDPOINT"] = self.baseURL
        environment["AZURE_OPENAI_API_KEY"] = self.key
        environment["OPENAI_API_KEY"] = nil
        return environment
    }

    func stop() async {
        for client in self.clients.values { try? await client.shutdown() }
        self.clients = [:]
        switch self.server {
        case .inProcess(let emulator): await emulator.stop()
        case .process(let process): await process.stop()
        }
    }

    /// Writes a storyboard into `folder` and parses it.
    static func storyboard(_ text: String, in folder: URL, name: String = "board.yaml") throws -> Storyboard {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try StoryboardParser().parse(path: path)
    }
}
