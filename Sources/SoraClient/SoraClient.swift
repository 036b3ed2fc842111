import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import SoraAPI
import Synchronization

/// A client for both Sora APIs: one ``VideoGenerator`` plus what every caller needs on
/// top of it: waiting with a deadline, back-pressure on running jobs, and `generate`.
///
/// Owns an `HTTPClient`; call ``shutdown()`` when done.
public final class SoraClient: Sendable {
    public let configuration: SoraClientConfiguration
    public let generator: any VideoGenerator
    let httpClient: HTTPClient
    let logger: Logger
    private let slots: AsyncSemaphore
    /// Jobs that belong to a caller already (created or adopted here, or named by a journal):
    /// a lost create never adopts one of them.
    private let claimed = Mutex<Set<String>>([])

    public init(configuration: SoraClientConfiguration, logger: Logger = Logger(label: "sorareel.client")) throws {
        var httpConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: .seconds(15), read: .seconds(120))
        )
        // A refused connection fails at once, to be retried (and said) by the transport's own
        // loop; AsyncHTTPClient would otherwise retry in silence until the connect timeout.
        httpConfiguration.connectionPool.retryConnectionEstablishment = false
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        do {
            let transport = try HTTPTransport(
                client: httpClient, endpoint: configuration.endpoint, retry: configuration.retry,
                requestTimeout: .nanoseconds(Int64(configuration.requestTimeout.seconds * 1e9)),
                logger: logger, notify: configuration.onNotice
            )
            let downloader = Downloader(
                transport: transport, maxBytes: configuration.maxDownloadBytes,
                transferTimeout: .seconds(configuration.downloadTimeout.components.seconds)
            )
            self.generator =
                switch configuration.endpoint.api {
                case .azure: AzureJobsGenerator(transport: transport, downloader: downloader, models: configuration.models)
                case .openai: VideosGenerator(transport: transport, downloader: downloader, models: configuration.models)
                }
        } catch {
            try? httpClient.syncShutdown()
            throw error
        }
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.slots = AsyncSemaphore(permits: configuration.maxRunningJobs)
    }

    /// Marks jobs as taken: ``create(_:deadline:)`` and ``findCreated(_:since:)`` never hand them
    /// out again. A run claims the jobs its journal names before it starts.
    public func claim(_ ids: some Sequence<String>) {
        self.claimed.withLock { $0.formUnion(ids) }
    }

    func isClaimed(_ id: String) -> Bool {
        self.claimed.withLock { $0.contains(id) }
    }

    /// Closes connections.
    public func shutdown() async throws {
        try await self.httpClient.shutdown()
    }

    /// Runs `body` while holding one of this deployment's running-job slots: wrap the create and
    /// the wait of one job in it, so that no more jobs run at once than the deployment allows.
    public func withRunningSlot<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await self.slots.withPermit(body)
    }

    /// Polls until the job is terminal, honouring the service's suggested interval.
    ///
    /// - Throws: ``SoraAPIError`` `.timedOut` past `deadline`, `.expired` when the job's outputs
    ///   expired, `CancellationError` when the task is cancelled.
    public func waitForCompletion(
        _ job: GenerationJob,
        deadline: ContinuousClock.Instant,
        onUpdate: @Sendable (GenerationJob) -> Void = { _ in }
    ) async throws -> GenerationJob {
        var current = job
        var interval = self.configuration.initialPollInterval
        while !current.state.isTerminal {
            let wait = current.pollAfter ?? interval
            guard ContinuousClock.now.advanced(by: .seconds(wait)) < deadline else {
                throw SoraAPIError(.timedOut, "job \(current.id) is still \(current.status) at the deadline")
            }
            try await Task.sleep(for: .seconds(wait))
            interval = min(self.configuration.maxPollInterval, interval * 1.5)
            do {
                current = try await self.generator.job(current.id)
            } catch let error as SoraAPIError where error.status == 404 {
                throw SoraAPIError(.expired, "job \(current.id) is gone (expired or deleted)", status: 404, requestID: error.requestID)
            }
            onUpdate(current)
        }
        if let expires = current.expiresAt, Double(expires) < Date().timeIntervalSince1970 {
            throw SoraAPIError(.expired, "job \(current.id) expired at \(expires); its outputs are gone")
        }
        return current
    }
}
