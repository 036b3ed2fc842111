import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore

/// A client for both Sora APIs: one ``VideoGenerator`` plus what every caller needs on
/// top of it: waiting with a deadline, back-pressure on running jobs, and `generate`.
///
/// Owns an `HTTPClient`; call ``shutdown()`` when done.
public final class SoraClient: Sendable {
    public let configuration: SoraClientConfiguration
    public let generator: any VideoGenerator
    let httpClient: HTTPClient
    let logger: Logger
    private let slots: JobSlots

    public init(configuration: SoraClientConfiguration, logger: Logger = Logger(label: "sorareel.client")) throws {
        let httpClient = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: HTTPClient.Configuration.Timeout(connect: .seconds(15), read: .seconds(120))
            )
        )
        do {
            let transport = try HTTPTransport(
                client: httpClient, endpoint: configuration.endpoint, retry: configuration.retry,
                requestTimeout: .nanoseconds(Int64(configuration.requestTimeout.components.seconds) * 1_000_000_000),
                logger: logger
            )
            let downloader = Downloader(
                transport: transport, maxBytes: configuration.maxDownloadBytes,
                transferTimeout: .seconds(configuration.downloadTimeout.components.seconds)
            )
            self.generator =
                switch configuration.endpoint.api {
                case .azure: AzureJobsGenerator(transport: transport, downloader: downloader)
                case .openai: VideosGenerator(transport: transport, downloader: downloader)
                }
        } catch {
            try? httpClient.syncShutdown()
            throw error
        }
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
        self.slots = JobSlots(capacity: configuration.maxRunningJobs)
    }

    /// Closes connections.
    public func shutdown() async throws {
        try await self.httpClient.shutdown()
    }

    /// Creates a job once a running slot is free. A 429 "too many running tasks" waits for a
    /// slot (as long as `deadline` allows) rather than failing. The slot is held until
    /// ``release()`` — call it when the job is terminal.
    public func createWhenSlotFree(_ request: GenerationRequest, deadline: ContinuousClock.Instant) async throws -> GenerationJob {
        try self.generator.check(request)
        await self.slots.acquire()
        do {
            while true {
                do {
                    return try await self.generator.create(request)
                } catch let error as SoraAPIError where error.isTooManyRunningTasks {
                    let wait = max(1, error.retryAfter ?? 5)
                    guard ContinuousClock.now.advanced(by: .seconds(wait)) < deadline else { throw error }
                    self.logger.info("the service is at its running-job limit; waiting", metadata: ["seconds": "\(wait)"])
                    try await Task.sleep(for: .seconds(wait))
                }
            }
        } catch {
            await self.slots.release()
            throw error
        }
    }

    /// Frees the running slot taken by ``createWhenSlotFree(_:deadline:)``.
    public func release() async {
        await self.slots.release()
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
