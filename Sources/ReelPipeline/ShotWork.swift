import Foundation
import MediaKit
import SoraAPI
import SoraClient

/// One shot from prompt to chosen clip: find or create its job within the budget, wait,
/// download every variant, check each, make previews, pick the first that passes, and
/// generate the shot again when none does and `retries: {qa: N}` allows. Every step is in the
/// journal before it happens, so a run killed at any point picks up where this left off, and
/// a create is never sent twice for one job.
struct ShotWork: Sendable {
    let shot: Shot
    let position: Int
    let storyboard: Storyboard
    let options: RunOptions
    let journal: RunJournal
    let client: SoraClient
    let ledger: SpendLedger
    let prices: PriceTable
    let observer: any RunObserver
    /// Where the shot it continues from publishes its outcome, and it publishes its own.
    let outcomes: ShotOutcomes

    var folder: String { URL(fileURLWithPath: self.options.output).appendingPathComponent("shots/\(self.shot.name)").path }
    private var name: String { self.shot.name }

    func run() async -> Manifest.ShotEntry {
        let started = Date()
        var entry = Manifest.ShotEntry(
            name: self.name, prompt: self.shot.prompt, api: self.shot.api.rawValue, model: self.shot.model,
            size: self.shot.size.description, seconds: self.shot.seconds, jobID: nil, status: .failed, error: nil,
            chosenVariant: nil, variants: [], attempts: [], spend: Spend(), elapsed: nil,
            continues: self.shot.continuation.map { Manifest.ContinuationEntry(shot: $0.shot, at: $0.frame.description) }
        )
        do {
            try FileManager.default.createDirectory(atPath: self.folder, withIntermediateDirectories: true)
            let row = try await self.journal.prepare(self.name, position: self.position, fingerprint: self.storyboard.fingerprint(of: self.shot))
            if row.state == .done, let finished = try await self.finishedEarlier(row, entry: entry) {
                self.observer.shot(self.name, state: "done", percent: 100, detail: "from an earlier run")
                entry = finished
            } else {
                try await self.takeStartFrame()
                try await self.generate(row, into: &entry)
            }
        } catch {
            let failure = ShotFailure(error)
            entry.status = failure.state
            entry.error = failure.message
            try? await self.journal.update(self.name, state: failure.state, error: failure.message)
            self.observer.shot(self.name, state: failure.state.rawValue.replacingOccurrences(of: "_", with: " "), percent: nil, detail: failure.message)
        }
        if let attempts = try? await self.journal.attempts(of: self.name) {
            entry.attempts = attempts.map(Self.entry)
            entry.spend = attempts.reduce(Spend()) { $0 + Self.spend(of: $1) }
            entry.jobID = attempts.last?.jobID ?? entry.jobID
        }
        entry.elapsed = Date().timeIntervalSince(started)
        if entry.continues != nil, FileManager.default.fileExists(atPath: self.startFramePath) {
            entry.continues?.frame = "shots/\(self.name)/\(StartFrame.fileName)"
        }
        await self.outcomes.publish(entry)
        return entry
    }

    /// Where a continuing shot's start frame is kept.
    private var startFramePath: String { URL(fileURLWithPath: self.folder).appendingPathComponent(StartFrame.fileName).path }

    /// For a shot that continues from another: waits for that shot, then takes the frame it
    /// starts from. A shot whose source has no clip is not started.
    private func takeStartFrame() async throws {
        guard let continuation = self.shot.continuation else { return }
        self.observer.shot(self.name, state: "waiting", percent: nil, detail: "for \(continuation.shot)")
        let source = await self.outcomes.outcome(of: continuation.shot)
        guard source.status == .done, let index = source.chosenVariant, let clip = source.variants.first(where: { $0.index == index }) else {
            throw ShotFailure(.failed, "not started: it continues from \(continuation.shot), which has no clip (\(source.status.rawValue))")
        }
        let path = URL(fileURLWithPath: self.options.output).appendingPathComponent(clip.file).path
        try await StartFrame.take(from: path, at: continuation.frame, to: self.startFramePath)
    }

    /// Attempts until one gives a clip that passes QA, or the QA retries are spent.
    private func generate(_ row: ShotRow, into entry: inout Manifest.ShotEntry) async throws {
        if row.state == .unknown, !self.options.recreate.contains(self.name) {
            throw ShotFailure(
                .unknown,
                (row.error ?? "whether its job was created is not known")
                    + " — after checking, run again with --recreate \(self.name) to create it"
            )
        }
        let attempts = try await self.journal.attempts(of: self.name)
        var redone = attempts.filter { $0.state == .redone }.count
        var attempt = attempts.last
        if let last = attempt, last.state == .redone || last.state == .failed || last.state == .accepted {
            attempt = nil  // that job is over: the next one is a new attempt
        }
        var number = attempt?.number ?? (attempts.last?.number ?? 0) + 1
        while true {
            let job: GenerationJob
            (job, number) = try await self.finishedJob(number: number, record: attempt)
            entry.jobID = job.id
            entry.variants = try await self.clips(of: job, attempt: number)
            if let chosen = entry.variants.first(where: \.passed) {
                try await self.journal.finish(self.name, attempt: number, .accepted)
                try await self.journal.update(self.name, state: .done, chosen: (number, chosen.index))
                entry.chosenVariant = chosen.index
                entry.status = .done
                self.observer.shot(self.name, state: "done", percent: 100, detail: "variant \(chosen.index)")
                return
            }
            let reasons = entry.variants.map { variant in
                "variant \(variant.index): " + variant.verdicts.filter(\.isFailure).map { "\($0.rule) \($0.actual)" }.joined(separator: "; ")
            }
            let reason = "no variant passed QA (\(reasons.joined(separator: " | ")))"
            guard redone < self.storyboard.qaRetries else { throw ShotFailure(.failed, reason) }
            try await self.journal.finish(self.name, attempt: number, .redone, reason: reason)
            redone += 1
            self.observer.note("\(self.name): \(reason); generating it again (QA retry \(redone) of \(self.storyboard.qaRetries))")
            number += 1
            attempt = nil
        }
    }

    /// The job of attempt `number`, finished: polled if the journal knows it, adopted if its
    /// create was under way when a run died (or its answer was lost), created otherwise (as the
    /// next attempt when the known job is gone). The deployment's running slot is held while
    /// the job runs.
    /// - Returns: the job, and the attempt it belongs to.
    private func finishedJob(number: Int, record: AttemptRow?) async throws -> (GenerationJob, Int) {
        let deadline = ContinuousClock.now.advanced(by: self.options.shotTimeout)
        let (job, number) = try await self.client.withRunningSlot {
            let (job, number) = try await self.job(number: number, record: record, deadline: deadline)
            return (try await self.wait(for: job, attempt: number, deadline: deadline), number)
        }
        switch job.state {
        case .succeeded:
            return (job, number)
        case .failed(let reason):
            try await self.journal.finish(self.name, attempt: number, .failed, reason: reason)
            throw ShotFailure(.failed, "job \(job.id) failed: \(reason)")
        default:
            try await self.journal.finish(self.name, attempt: number, .failed, reason: job.status)
            throw ShotFailure(.failed, "job \(job.id) ended \(job.status)")
        }
    }

    private func job(number: Int, record: AttemptRow?, deadline: ContinuousClock.Instant) async throws -> (GenerationJob, Int) {
        let request = self.shot.request
        if let id = record?.jobID {
            if let job = try await self.existing(id, number: number, request: request) { return (job, number) }
            return (try await self.create(number: number + 1, reserved: false, deadline: deadline), number + 1)
        }
        if let started = record?.createStartedAt {
            if let job = try await self.adopt(number: number, since: started, request: request) { return (job, number) }
            return (try await self.create(number: number, reserved: true, deadline: deadline), number)
        }
        return (try await self.create(number: number, reserved: false, deadline: deadline), number)
    }

    /// The job the journal names, when it is still there and still this shot's: an id can name
    /// another job after the service (an emulator restarted) forgets it, and a job that is not
    /// this shot's is treated as gone.
    private func existing(_ id: String, number: Int, request: GenerationRequest) async throws -> GenerationJob? {
        let job: GenerationJob
        do {
            job = try await self.client.generator.job(id)
        } catch let error as SoraAPIError where error.status == 404 {
            self.observer.note("\(self.name): job \(id) is gone (expired or deleted); creating a new one")
            try await self.journal.finish(self.name, attempt: number, .failed, reason: "gone")
            return nil
        }
        guard request.matches(job, model: self.shot.model) else {
            self.observer.note("\(self.name): job \(id) is not this shot's (another prompt, size or length); treating it as gone")
            try await self.journal.finish(self.name, attempt: number, .failed, reason: "the service's job \(id) is another shot's")
            return nil
        }
        return job
    }

    /// A job created just before the last run died: found in the service's list by what it
    /// asks for and when, never one another shot has.
    private func adopt(number: Int, since started: Double, request: GenerationRequest) async throws -> GenerationJob? {
        let found: GenerationJob?
        do {
            found = try await self.client.findCreated(request, since: started)
        } catch let error as SoraAPIError where error.code == .unsupported {
            guard self.options.recreate.contains(self.name) else {
                throw ShotFailure(
                    .unknown,
                    "a job may have been created before the last run stopped, and this service cannot list jobs to tell; "
                        + "check the provider's console, then run again with --recreate \(self.name) to create it"
                )
            }
            return nil
        }
        guard let job = found else { return nil }
        try await self.journal.step(self.name, "adopt", job.id) {
            try await self.journal.recordJob(self.name, attempt: number, jobID: job.id)
        }
        self.observer.note("\(self.name): adopted job \(job.id), created before the last run stopped")
        return job
    }

    /// Creates the job of attempt `number`, its cost reserved against the budget first (unless
    /// an earlier run reserved it) and written to the journal before the create is sent.
    private func create(number: Int, reserved: Bool, deadline: ContinuousClock.Instant) async throws -> GenerationJob {
        let cost = self.shot.cost(at: self.prices)
        if !reserved, let refusal = await self.ledger.reserve(cost) {
            throw ShotFailure(.overBudget, "over budget, not created: \(refusal)")
        }
        var request = self.shot.request
        do {
            request.inputImage = try self.inputImage()
        } catch {
            if !reserved { await self.ledger.refund(cost) }
            throw error
        }
        let started = Date().timeIntervalSince1970
        try await self.journal.beginCreate(self.name, attempt: number, at: started, cost: cost)
        self.observer.shot(self.name, state: "creating", percent: nil, detail: nil)
        do {
            let job = try await self.journal.step(self.name, "create", after: { $0.id }) {
                try await self.client.create(request, deadline: deadline)
            }
            try await self.journal.recordJob(self.name, attempt: number, jobID: job.id)
            return job
        } catch let error as SoraAPIError where error.code == .outcomeUnknown {
            throw ShotFailure(.unknown, error.description)
        } catch let error as SoraAPIError where !error.mayHaveActed {
            // Refused outright: no job exists, nothing is billed.
            try await self.journal.abandonCreate(self.name, attempt: number)
            await self.ledger.refund(cost)
            throw error
        }
    }

    private func wait(for job: GenerationJob, attempt: Int, deadline: ContinuousClock.Instant) async throws -> GenerationJob {
        let name = self.name
        let observer = self.observer
        do {
            return try await self.journal.step(name, "wait", job.id, after: { $0.status }) {
                try await self.client.waitForCompletion(job, deadline: deadline) { update in
                    let percent: Int? = if case .running(let progress) = update.state { progress } else { nil }
                    observer.shot(name, state: update.status, percent: percent, detail: update.id)
                }
            }
        } catch let error as SoraAPIError where error.code == .expired {
            try? await self.journal.finish(name, attempt: attempt, .failed, reason: "expired")
            throw error
        }
    }

    /// The shot's image, or the frame it continues from, fitted to its size (a start frame is
    /// cropped to fit unless `image_fit` says otherwise).
    private func inputImage() throws -> InputImage? {
        let continues = self.shot.continuation != nil
        guard let image = continues ? self.startFramePath : self.shot.image else { return nil }
        let fitter = ImageFitter(fit: self.shot.imageFit ?? (continues ? .crop : nil), mismatchAdvice: "set image_fit: crop or pad")
        do {
            let fitted = try fitter.fit(path: image, to: self.shot.size)
            return InputImage(data: fitted.data, fileName: fitted.fileName, contentType: fitted.contentType)
        } catch {
            throw ShotFailure(.failed, error.description)
        }
    }

    /// Where attempt `attempt`'s files go, relative to the output folder: the shot's folder for
    /// the first, `attempt-N/` inside it for later ones.
    private func relativeFolder(attempt: Int) -> String {
        attempt == 1 ? "shots/\(self.name)" : "shots/\(self.name)/attempt-\(attempt)"
    }

    /// Downloads, checks and previews every output, reusing what the journal says is done.
    private func clips(of job: GenerationJob, attempt: Int) async throws -> [Manifest.VariantEntry] {
        let done = Dictionary(uniqueKeysWithValues: try await self.journal.variants(of: self.name, attempt: attempt).map { ($0.index, $0) })
        let relativeFolder = self.relativeFolder(attempt: attempt)
        let folder = URL(fileURLWithPath: self.options.output).appendingPathComponent(relativeFolder).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var entries: [Manifest.VariantEntry] = []
        let validator = Validator(
            options: ValidationOptions(
                expectedSize: self.shot.size, expectedSeconds: Double(self.shot.seconds),
                tolerance: self.storyboard.validation.tolerance,
                minimumBlackSeconds: self.storyboard.validation.blackMinimum,
                minimumFreezeSeconds: self.storyboard.validation.freezeMinimum
            ),
            policy: self.storyboard.validation.policy
        )
        for (index, output) in job.outputs.enumerated() {
            let relative = "\(relativeFolder)/variant-\(index).mp4"
            let path = URL(fileURLWithPath: self.options.output).appendingPathComponent(relative).path
            var bytes: Int64
            if let record = done[index], record.outputID == output, Self.size(of: path) == record.bytes {
                bytes = record.bytes
            } else {
                self.observer.shot(self.name, state: "downloading", percent: nil, detail: "variant \(index)")
                bytes = try await self.journal.step(self.name, "download", output, after: { "\($0) bytes" }) {
                    try await self.client.generator.download(output: output, kind: .video, to: path).bytes
                }
                try await self.journal.record(
                    VariantRow(shot: self.name, attempt: attempt, index: index, outputID: output, file: relative, bytes: bytes)
                )
            }
            self.observer.shot(self.name, state: "checking", percent: nil, detail: "variant \(index)")
            let report = try await validator.validate(path)
            let previews = try? await Previews.make(clip: path, folder: folder, stem: "variant-\(index)", output: self.options.output)
            try await self.journal.record(
                VariantRow(
                    shot: self.name, attempt: attempt, index: index, outputID: output, file: relative, bytes: bytes, passed: report.passed,
                    report: report,
                    thumbnail: previews?.thumbnail, sheet: previews?.sheet
                )
            )
            try await self.journal.event(self.name, "check", "after", "variant \(index): \(report.passed ? "passed" : "failed")")
            entries.append(Self.entry(index: index, output: output, file: relative, bytes: bytes, report: report, previews: previews))
        }
        return entries
    }

    /// The shot as an earlier run finished it, when every clip it checked is still on disk:
    /// nothing is asked of the API and nothing is downloaded again.
    private func finishedEarlier(_ row: ShotRow, entry: Manifest.ShotEntry) async throws -> Manifest.ShotEntry? {
        guard let attempt = row.chosenAttempt, let chosen = row.chosenVariant else { return nil }
        let variants = try await self.journal.variants(of: self.name, attempt: attempt)
        guard !variants.isEmpty else { return nil }
        var finished = entry
        for variant in variants {
            let path = URL(fileURLWithPath: self.options.output).appendingPathComponent(variant.file).path
            guard Self.size(of: path) == variant.bytes, let report = variant.report else { return nil }
            let previews = variant.thumbnail.flatMap { thumbnail in variant.sheet.map { (thumbnail: thumbnail, sheet: $0) } }
            finished.variants.append(
                Self.entry(index: variant.index, output: variant.outputID, file: variant.file, bytes: variant.bytes, report: report, previews: previews)
            )
        }
        finished.chosenVariant = chosen
        finished.status = .done
        return finished
    }

    private static func entry(
        index: Int, output: String, file: String, bytes: Int64, report: ValidationReport, previews: (thumbnail: String, sheet: String)?
    ) -> Manifest.VariantEntry {
        Manifest.VariantEntry(
            index: index, outputID: output, file: file, bytes: bytes, probe: report.info.map(Manifest.ProbeSummary.init),
            passed: report.passed, verdicts: report.verdicts, thumbnail: previews?.thumbnail, sheet: previews?.sheet
        )
    }

    private static func entry(_ attempt: AttemptRow) -> Manifest.AttemptEntry {
        Manifest.AttemptEntry(
            number: attempt.number, jobID: attempt.jobID, billedSeconds: attempt.billedSeconds, usd: attempt.usd,
            outcome: attempt.state.rawValue, redoneBecause: attempt.redoReason
        )
    }

    private static func spend(of attempt: AttemptRow) -> Spend {
        Spend(jobs: 1, billedSeconds: attempt.billedSeconds, usd: attempt.usd ?? 0, unpricedJobs: attempt.usd == nil ? 1 : 0)
    }

    private static func size(of path: String) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
    }
}

/// Why a shot ended without a clip: the state it ends in, and the reason in words.
struct ShotFailure: Error {
    var state: ShotState
    var message: String

    init(_ state: ShotState, _ message: String) {
        self.state = state
        self.message = message
    }

    /// Any error as a shot's failure, in one line.
    init(_ error: any Error) {
        switch error {
        case let failure as ShotFailure: self = failure
        case let error as SoraAPIError: self.init(.failed, error.description)
        case let error as MediaError: self.init(.failed, error.description)
        case let error as PipelineError: self.init(.failed, error.description)
        case is CancellationError: self.init(.failed, "stopped before it finished")
        default: self.init(.failed, "\(error)")
        }
    }
}
