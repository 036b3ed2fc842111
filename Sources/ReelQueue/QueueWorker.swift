import Foundation
import Logging
import PostgresNIO
public import ReelPipeline
import SoraAPI
public import SoraClient
import Synchronization

/// Gives a worker a client for a deployment (and a shot's model, for a deployment that
/// serves any): built from the deployment's endpoint and the credential its environment
/// variable names.
public protocol DeploymentClientSource: Sendable {
    func client(for deployment: Deployment, model: String) async throws -> SoraClient
}

/// Takes shots from every submitted storyboard until stopped: claims one under a lease that a
/// heartbeat renews, runs it through the same steps as `sorareel run` against the deployment
/// the claim chose, records how it ended, and builds a storyboard's reel, manifest and report
/// when it ends the storyboard's last shot. Cancelled (SIGTERM), it hands back what it holds;
/// killed, its leases run out and other workers adopt its jobs.
public final class QueueWorker: Sendable {
    let database: QueueDatabase
    let deployments: [String: Deployment]
    let clients: any DeploymentClientSource
    let options: WorkerOptions
    let observer: any RunObserver
    let claims: ShotClaims
    private let busy = Mutex(0)
    private let stores = StoreCache()

    public init(
        database: QueueDatabase, deployments: [Deployment], clients: any DeploymentClientSource, options: WorkerOptions,
        observer: any RunObserver = SilentObserver()
    ) {
        self.database = database
        self.deployments = Dictionary(deployments.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.clients = clients
        self.options = options
        self.observer = observer
        self.claims = ShotClaims(database: database, options: options)
    }

    /// This worker's id in the queue.
    public var id: String { self.options.id }

    /// Works until cancelled, or until the queue is idle with ``WorkerOptions/untilIdle``.
    /// - Throws: ``QueueError`` when the queue cannot be reached at the start.
    public func run() async throws {
        try await self.claims.register(Array(self.deployments.values))
        let heartbeat = Task { [claims, options] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(options.leaseSeconds / 3))
                try? await claims.heartbeat()
            }
        }
        await withDiscardingTaskGroup { group in
            let names = Array(self.deployments.keys)
            while !Task.isCancelled {
                if self.busy.withLock({ $0 }) < self.options.concurrency {
                    do {
                        if let claim = try await self.claims.claim(from: names) {
                            self.busy.withLock { $0 += 1 }
                            group.addTask {
                                await self.work(claim)
                                self.busy.withLock { $0 -= 1 }
                            }
                            continue
                        }
                    } catch {
                        if Task.isCancelled { break }
                        self.observer.note("worker \(self.id): cannot claim a shot: \(QueueError.describe(error))")
                    }
                }
                await self.finishWaiting()
                if self.options.untilIdle, self.busy.withLock({ $0 }) == 0, (try? await self.claims.idle()) == true { break }
                try? await Task.sleep(for: .seconds(self.options.pollSeconds))
            }
        }
        heartbeat.cancel()
        // Outside the cancelled task, so that the queries are not cancelled with it.
        let claims = self.claims
        await Task { try? await claims.handBack() }.value
    }

    /// Runs one claimed shot and records how it ended; builds the storyboard's end when this
    /// was its last shot.
    private func work(_ claim: ClaimedShot) async {
        let entry: Manifest.ShotEntry
        let queued: QueuedStoryboard
        do {
            let (loaded, store) = try await self.stores.get(claim.storyboard, database: self.database, worker: self.id)
            queued = loaded
            guard let deployment = self.deployments[claim.deployment] else {
                throw QueueError("deployment \(claim.deployment) is not in this worker's deployments file")
            }
            let shot = queued.storyboard.shots[claim.position]
            let client = try await self.clients.client(for: deployment, model: shot.model)
            client.claim(try await store.jobIDs())
            let runner = self.runner(queued)
            let gate = QueueBudget(database: self.database, storyboard: claim.storyboard, shot: claim.id, budget: runner.heldBudget)
            self.observer.shot(self.label(claim, queued), state: "claimed", percent: nil, detail: deployment.name)
            var sources: [Manifest.ShotEntry] = []
            if let source = shot.continuation?.shot, let data = try await self.claims.entry(of: source, in: claim.storyboard) {
                sources.append(try JSONDecoder().decode(Manifest.ShotEntry.self, from: data))
            }
            entry = await runner.runShot(at: claim.position, store: store, client: client, gate: gate, sources: sources)
        } catch {
            self.observer.note("\(claim.name): \(QueueError.describe(error)); handing it back")
            await Task { [database] in
                try? await database.execute("UPDATE shots SET lease_owner = NULL, lease_until = NULL, holding = false WHERE id = \(claim.id)")
            }.value
            return
        }
        // Stopping: the shot is handed back as it stands, once every task has ended.
        if Task.isCancelled { return }
        do {
            let data = try JSONEncoder().encode(entry)
            let fault = entry.status == .failed ? DeploymentFault.reason(entry.error) : nil
            let requeued = try await self.claims.settle(claim, entry: data, failedOnDeployment: fault, succeeded: entry.status == .done)
            if requeued {
                self.observer.note("\(claim.name): \(claim.deployment) failed it before making a job (\(fault ?? "")); queued again for another deployment")
                return
            }
            await self.finish(claim.storyboard)
        } catch {
            self.observer.note("\(claim.name): cannot record how it ended: \(QueueError.describe(error))")
        }
    }

    /// Finishes every storyboard whose shots have all ended and that no live worker finishes.
    private func finishWaiting() async {
        guard let ids = try? await self.claims.finishable() else { return }
        for id in ids { await self.finish(id) }
    }

    /// Builds storyboard `id`'s reel, manifest and report, once: only the worker that wins
    /// the storyboard's finishing does.
    private func finish(_ id: Int64) async {
        do {
            guard let started = try await self.claims.claimFinish(id) else { return }
            let (queued, store) = try await self.stores.get(id, database: self.database, worker: self.id)
            let entries = try await self.claims.entries(id).map { try JSONDecoder().decode(Manifest.ShotEntry.self, from: $0) }
            self.observer.note("\(queued.storyboard.title): every shot has ended; building the reel, manifest and report")
            do {
                try FileManager.default.createDirectory(atPath: queued.output, withIntermediateDirectories: true)
                let manifest = try await self.runner(queued).assemble(entries, startedAt: started, spend: try await store.spend())
                try await self.claims.finished(id, passed: manifest.passed, error: nil)
                try? await store.event(nil, "storyboard", "after", manifest.passed ? "passed" : "failed")
                self.observer.note("\(queued.storyboard.title): \(manifest.passed ? "finished" : "finished with failures"): \(queued.output)")
            } catch {
                try await self.claims.finished(id, passed: false, error: QueueError.describe(error))
                self.observer.note("\(queued.storyboard.title): cannot build its end: \(QueueError.describe(error))")
            }
        } catch {
            self.observer.note("storyboard \(id): cannot finish: \(QueueError.describe(error))")
        }
    }

    private func runner(_ queued: QueuedStoryboard) -> StoryboardRunner {
        StoryboardRunner(
            storyboard: queued.storyboard, options: queued.runOptions, clients: NoClients(),
            observer: PrefixedObserver(prefix: "\(queued.storyboard.title)/", base: self.observer)
        )
    }

    private func label(_ claim: ClaimedShot, _ queued: QueuedStoryboard) -> String {
        "\(queued.storyboard.title)/\(claim.name)"
    }
}

/// Storyboards a worker has read from the queue, with their stores.
private actor StoreCache {
    private var loaded: [Int64: (QueuedStoryboard, PostgresRunStore)] = [:]

    func get(_ id: Int64, database: QueueDatabase, worker: String) async throws -> (QueuedStoryboard, PostgresRunStore) {
        if let found = self.loaded[id] { return found }
        let queued = try await QueuedStoryboard.load(id, from: database)
        let store = try await PostgresRunStore(database: database, storyboard: id, worker: worker)
        self.loaded[id] = (queued, store)
        return (queued, store)
    }
}

/// A worker's runners get their clients from the claim, never from here.
private struct NoClients: ClientSource {
    func client(for api: VideoAPI, model: String) async throws -> SoraClient {
        throw QueueError("a queue worker's clients come from its deployments")
    }
}

/// Names shots with their storyboard's title, since a worker runs several storyboards.
struct PrefixedObserver: RunObserver {
    let prefix: String
    let base: any RunObserver

    func shot(_ name: String, state: String, percent: Int?, detail: String?) {
        self.base.shot(name.hasPrefix(self.prefix) ? name : self.prefix + name, state: state, percent: percent, detail: detail)
    }

    func note(_ message: String) { self.base.note(message) }
}
