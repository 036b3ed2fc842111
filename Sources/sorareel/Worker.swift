import ArgumentParser
import Foundation
import ReelPipeline
import ReelQueue
import SoraAPI
import SoraClient

extension Sorareel {
    /// `sorareel worker --queue URL [--deployments FILE] [--concurrency N] [--lease S] [--until-idle]`
    struct Worker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take shots from every storyboard in a shared PostgreSQL queue until stopped (SIGTERM hands back what it holds)."
        )

        @Option(
            name: .long,
            help:
                "A YAML file of deployments ({name, api, endpoint, key_env, model, max_running, requests_per_minute} each). Without it: the API the environment configures (or the built-in emulator)."
        )
        var deployments: String?

        @Option(
            name: .long, parsing: .unconditional, help: "Shots worked on at once by this worker (1-256; default: twice its deployments' running caps).",
            transform: ArgumentValues.integer("--concurrency", 1...256))
        var concurrency: Int?

        @Option(
            name: .long, parsing: .unconditional, help: "Seconds a claim lasts without a heartbeat: a dead worker's shots pass to others after this (2-3600).",
            transform: ArgumentValues.decimal("--lease", 2...3600, unit: "seconds"))
        var lease: Double = 60

        @Option(
            name: .long, parsing: .unconditional, help: "Seconds between looks for work when idle (0.05-60).",
            transform: ArgumentValues.decimal("--poll", 0.05...60, unit: "seconds"))
        var poll: Double = 1

        @Option(
            name: .long, parsing: .unconditional, help: "Longest wait between two status polls of a job, in seconds (0.05-60).",
            transform: ArgumentValues.decimal("--max-poll", 0.05...60, unit: "seconds"))
        var maxPoll: Double = 15

        @Option(
            name: .long, parsing: .unconditional, help: "Without --deployments: jobs running at once on the configured API, across all workers (1-32).",
            transform: ArgumentValues.integer("--max-running", 1...32))
        var maxRunning: Int = 2

        @Option(name: .long, help: "This worker's id in the queue (default: host:pid:random).")
        var id: String?

        @Flag(name: .long, help: "Stop once no storyboard is queued, running or finishing.")
        var untilIdle = false

        @OptionGroup var apiOptions: APIOptions
        @OptionGroup var queue: QueueOption
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            self.global.configureLogging()
            let url = try self.queue.url()
            let quiet = self.global.quiet
            let maxPoll = self.maxPoll
            let onNotice: @Sendable (String) -> Void = { message in if !quiet { printError(message) } }
            var deployments: [Deployment]
            let source: any DeploymentClientSource
            var factory: ClientFactory?
            var fileClients: DeploymentClients?
            if let file = self.deployments {
                do {
                    deployments = try DeploymentsFile.read(path: file)
                    try DeploymentClients.check(deployments)
                } catch {
                    printError(describe(error))
                    throw ExitCode(1)
                }
                let clients = DeploymentClients(logger: self.global.logger) { configuration in
                    configuration.initialPollInterval = min(configuration.initialPollInterval, maxPoll)
                    configuration.maxPollInterval = maxPoll
                    configuration.onNotice = onNotice
                }
                fileClients = clients
                source = clients
            } else {
                let made = ClientFactory(options: self.apiOptions, maxRunning: self.maxRunning, quiet: quiet, logger: self.global.logger)
                factory = made
                source = FactoryDeployments(factory: made)
                let api = self.apiOptions.api ?? .azure
                let endpoint = ProcessInfo.processInfo.environment[api == .azure ? "AZURE_OPENAI_ENDPOINT" : "OPENAI_BASE_URL"] ?? "built-in emulator"
                deployments = [
                    Deployment(name: "default-\(api.rawValue)", api: api, endpoint: endpoint, model: self.apiOptions.model ?? "*", maxRunning: self.maxRunning)
                ]
            }
            let options = WorkerOptions(
                id: self.id, leaseSeconds: self.lease, pollSeconds: self.poll,
                concurrency: self.concurrency ?? max(2, 2 * deployments.reduce(0) { $0 + $1.maxRunning }), untilIdle: self.untilIdle
            )
            let database: QueueDatabase
            do {
                database = try await QueueDatabase.open(url, logger: self.global.logger)
            } catch {
                printError(describe(error))
                throw ExitCode(1)
            }
            let worker = QueueWorker(
                database: database, deployments: deployments, clients: source, options: options, observer: WorkerLog(quiet: quiet)
            )
            if !quiet {
                printError("worker \(worker.id): taking shots from \(database.location) for \(deployments.map(\.name).joined(separator: ", "))")
            }
            let outcome = await Interruptible.run(
                on: [SIGTERM, SIGINT], saying: "handing back the shots this worker holds (signal again to quit at once)"
            ) { try await worker.run() }
            await fileClients?.shutdown()
            await factory?.shutdown()
            await database.close()
            if case .failed(let error) = outcome {
                printError("worker \(worker.id): \(describe(error))")
                throw ExitCode(1)
            }
            if !quiet { printError("worker \(worker.id): stopped; what it held is handed back") }
        }
    }
}

/// Without a deployments file: the API the environment configures, through the same factory
/// `run` uses.
private struct FactoryDeployments: DeploymentClientSource {
    let factory: ClientFactory

    func client(for deployment: Deployment, model: String) async throws -> SoraClient {
        try await self.factory.client(for: deployment.api, model: deployment.model == "*" ? model : deployment.model)
    }
}
