import Foundation
import Logging

extension SoraClient {
    /// Creates the job `request` describes, and never two.
    ///
    /// A create is not a request that may simply be sent again: its answer can be lost after the
    /// service has made the job (a timeout, a closed connection, any 5xx). When that happens the
    /// job list decides: a matching job created since the first attempt is adopted; only when
    /// none shows up within ``SoraClientConfiguration/createSettleTime`` is the create sent again.
    /// A definite refusal (any 4xx, or a connection never made) means no job was made: 429s and
    /// refused connections are retried with backoff, "too many running tasks" waits for a slot
    /// on the service as long as `deadline` allows, anything else is thrown.
    ///
    /// - Throws: ``SoraAPIError`` ``SoraAPIError/Code/outcomeUnknown`` when an answer was lost
    ///   and the service offers no job list: the create is not sent again, since it may have
    ///   made a job, and the message says how to check.
    public func create(_ request: GenerationRequest, deadline: ContinuousClock.Instant) async throws -> GenerationJob {
        try self.generator.check(request)
        let since = Date().timeIntervalSince1970
        let policy = self.configuration.retry
        var attempt = 0
        while true {
            attempt += 1
            let delay: Double
            do {
                let job = try await self.generator.create(request)
                self.claim([job.id])
                return job
            } catch let error as SoraAPIError where error.isTooManyRunningTasks {
                // Back-pressure, not failure: nothing was made, and the service says when to come back.
                attempt -= 1
                delay = max(1, error.retryAfter ?? 5)
                guard ContinuousClock.now.advanced(by: .seconds(delay)) < deadline else { throw error }
                self.logger.info("the service is at its running-job limit; waiting", metadata: ["seconds": "\(delay)"])
                try await Task.sleep(for: .seconds(delay))
                continue
            } catch let error as SoraAPIError where error.mayHaveActed {
                self.configuration.onNotice("\(error.description): the job may exist; looking for it before creating another")
                if let job = try await self.findLostCreate(request, since: since, after: error) {
                    self.configuration.onNotice("adopted job \(job.id): the lost create had made it")
                    return job
                }
                delay = policy.delay(afterAttempt: attempt, serverHint: nil)
                guard attempt < policy.maxAttempts, ContinuousClock.now.advanced(by: .seconds(delay)) < deadline else { throw error }
                self.configuration.onNotice("no job was made; creating again in \(String(format: "%.1f", delay)) s (\(attempt + 1) of \(policy.maxAttempts))")
            } catch var error as SoraAPIError where error.isTransient {
                delay = policy.delay(afterAttempt: attempt, serverHint: error.retryAfter)
                guard attempt < policy.maxAttempts, ContinuousClock.now.advanced(by: .seconds(delay)) < deadline else {
                    if attempt > 1 { error.message += " (gave up after \(attempt) tries; no job was made)" }
                    throw error
                }
                self.configuration.onNotice(
                    "\(error.description); no job was made; trying again in \(String(format: "%.1f", delay)) s (\(attempt + 1) of \(policy.maxAttempts))")
            }
            try await Task.sleep(for: .seconds(delay))
        }
    }

    /// The job a create made although its answer was lost, or a run that died while creating:
    /// the oldest unclaimed job created since `since` (less the clock-skew allowance) that
    /// matches `request`, looked for now and, when not there, once more after the settle time
    /// (a create still under way when its sender died may take a moment to be listed). The job
    /// is claimed before it is returned.
    ///
    /// - Throws: ``SoraAPIError`` ``SoraAPIError/Code/unsupported`` when the service offers no job list.
    public func findCreated(_ request: GenerationRequest, since: Double) async throws -> GenerationJob? {
        if let job = try await self.lookForCreated(request, since: since) { return job }
        try await Task.sleep(for: .seconds(self.configuration.createSettleTime))
        return try await self.lookForCreated(request, since: since)
    }

    private func lookForCreated(_ request: GenerationRequest, since: Double) async throws -> GenerationJob? {
        let earliest = since - self.configuration.clockSkewAllowance
        let model = self.configuration.endpoint.model
        let recent = try await self.generator.jobs(limit: 100)
        let candidates = recent.filter { Double($0.createdAt) >= earliest && request.isSurely($0, model: model) && !self.isClaimed($0.id) }
        guard let oldest = candidates.min(by: { $0.createdAt < $1.createdAt }) else { return nil }
        self.claim([oldest.id])
        return oldest
    }

    /// Looks for the job of a create whose answer was lost.
    private func findLostCreate(_ request: GenerationRequest, since: Double, after error: SoraAPIError) async throws -> GenerationJob? {
        do {
            return try await self.findCreated(request, since: since)
        } catch let listing as SoraAPIError where listing.code == .unsupported {
            throw SoraAPIError(
                .outcomeUnknown,
                "\(error.description); this service offers no job list, so whether a job was made cannot be checked, "
                    + "and the create is not sent again. Check the provider's console (or `sorareel jobs list`) before trying again",
                status: error.status, body: error.body, requestID: error.requestID
            )
        }
    }
}
