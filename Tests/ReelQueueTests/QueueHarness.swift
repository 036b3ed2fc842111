import Foundation
import Logging
import ReelPipeline
import ReelQueue
import SoraAPI
import SoraClient
import SoraEmulator
import TestSupport

/// A real PostgreSQL database (from the test server) and emulators standing in for separate
/// deployments, each on its own loopback port with its own running-job cap, and the
/// deployments that reach them.
struct QueueHarness {
    let url: String
    let database: QueueDatabase
    let emulators: [SoraEmulatorServer]
    let deployments: [Deployment]
    let folder: URL
    /// Clients for the deployments, polling fast, shared by in-process workers.
    let clients: DeploymentClients
    static let key = "queue-test-key"

    /// `nil` when PostgreSQL is not installed.
    static func start(
        emulators count: Int, cap: Int = 2, timeScale: Double = 0.01, keys: [Set<String>?]? = nil
    ) async throws -> QueueHarness? {
        guard let url = try await PostgresServer.makeDatabase() else { return nil }
        var quiet = Logger(label: "emulator")
        quiet.logLevel = .critical
        var emulators: [SoraEmulatorServer] = []
        var deployments: [Deployment] = []
        for index in 0..<count {
            let emulator = try await SoraEmulatorServer.start(
                configuration: EmulatorConfiguration(
                    port: 0, timeScale: timeScale, maxRunningPerDeployment: cap, createsPerMinute: 0, apiKeys: keys?[index]
                ),
                logger: quiet
            )
            emulators.append(emulator)
            deployments.append(
                Deployment(
                    name: "d\(index)", api: .azure, endpoint: emulator.baseURL, keyEnv: "TEST_KEY", model: "sora", maxRunning: cap, requestsPerMinute: 600)
            )
        }
        return QueueHarness(
            url: url, database: try await QueueDatabase.open(url, logger: quiet), emulators: emulators, deployments: deployments,
            folder: try Fixtures.temporaryDirectory(), clients: Self.makeClients()
        )
    }

    static func makeClients() -> DeploymentClients {
        DeploymentClients(environment: ["TEST_KEY": Self.key]) { configuration in
            configuration.initialPollInterval = 0.05
            configuration.maxPollInterval = 0.2
            configuration.retry = RetryPolicy(maxAttempts: 8, initialDelay: 0.05, maxDelay: 0.5, budget: 20)
            configuration.createSettleTime = 0.5
        }
    }

    /// An in-process worker.
    func worker(_ id: String, lease: Double = 5, untilIdle: Bool = true, deployments: [Deployment]? = nil) -> QueueWorker {
        QueueWorker(
            database: self.database, deployments: deployments ?? self.deployments, clients: self.clients,
            options: WorkerOptions(id: id, leaseSeconds: lease, pollSeconds: 0.1, concurrency: 8, untilIdle: untilIdle, benchAfter: 2, benchSeconds: 600)
        )
    }

    /// Writes a storyboard of `count` shots and queues it.
    /// `continuing` makes every shot after the first continue from the one before it.
    func submit(_ count: Int, title: String = "Queued", budget: Budget? = nil, continuing: Bool = false) async throws -> (id: Int64, output: String) {
        var text = "title: \(title)\ndefaults: {size: 480x480, seconds: 1, variants: 1}\nshots:\n"
        for index in 1...count {
            let chain = continuing && index > 1 ? ", continue: previous" : ""
            text += "  - {name: s\(index), prompt: \"\(title) shot \(index), a paper boat on a pond.\"\(chain)}\n"
        }
        let path = self.folder.appendingPathComponent("\(title).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let storyboard = try StoryboardParser().parse(text: text, path: path)
        let output = self.folder.appendingPathComponent("out-\(title)").path
        let id = try await QueuedStoryboard.submit(
            storyboard, text: text, output: output, options: QueuedStoryboard.Options(budget: budget), to: self.database
        )
        return (id, output)
    }

    /// Every job each emulator holds, by prompt.
    func jobs() async throws -> [[GenerationJob]] {
        var all: [[GenerationJob]] = []
        for emulator in self.emulators {
            let client = try SoraClient(
                configuration: SoraClientConfiguration(
                    endpoint: SoraEndpoint(
                        api: .azure, baseURL: emulator.baseURL + "/openai/v1", apiVersion: "preview", credential: .apiKey(Self.key), model: "sora")
                )
            )
            all.append(try await client.generator.jobs(limit: 1000))
            try await client.shutdown()
        }
        return all
    }

    /// The jobs every emulator made (a bill's count).
    func jobsCreated() async -> Int {
        var total = 0
        for emulator in self.emulators { total += await emulator.usage().jobsCreated }
        return total
    }

    /// The environment that points a `sorareel worker` process at this queue.
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["TEST_KEY"] = Self.key
        environment["SORAREEL_QUEUE_URL"] = self.url
        return environment
    }

    /// Writes the deployments file for worker processes.
    func deploymentsFile() throws -> String {
        var text = "deployments:\n"
        for deployment in self.deployments {
            text +=
                "  - {name: \(deployment.name), api: azure, endpoint: \"\(deployment.endpoint)\", key_env: TEST_KEY, model: sora, max_running: \(deployment.maxRunning), requests_per_minute: \(deployment.requestsPerMinute)}\n"
        }
        let path = self.folder.appendingPathComponent("deployments.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func stop() async {
        await self.clients.shutdown()
        await self.database.close()
        for emulator in self.emulators { await emulator.stop() }
        try? FileManager.default.removeItem(at: self.folder)
    }
}

/// The `sorareel` binary beside the test bundle.
enum SorareelBinary {
    static let url: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("sorareel").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("sorareel")
    }()
}
