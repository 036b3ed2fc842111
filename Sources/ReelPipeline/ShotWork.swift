import Foundation
import MediaKit
import SoraClient

/// One shot from prompt to chosen clip: create (or find) the job, wait, download every
/// variant, check each, make previews, pick the first that passes. Every step goes through
/// the journal first, so a run killed at any point picks up where this left off.
struct ShotWork: Sendable {
    let shot: Shot
    let position: Int
    let storyboard: Storyboard
    let options: RunOptions
    let journal: RunJournal
    let client: SoraClient
    let observer: any RunObserver

    var folder: String { URL(fileURLWithPath: self.options.output).appendingPathComponent("shots/\(self.shot.name)").path }

    func run() async -> Manifest.ShotEntry {
        let started = Date()
        var entry = Manifest.ShotEntry(
            name: self.shot.name, prompt: self.shot.prompt, api: self.shot.api.rawValue, model: self.shot.model,
            size: self.shot.size.description, seconds: self.shot.seconds, jobID: nil, status: "failed", error: nil,
            chosenVariant: nil, variants: [], elapsed: nil
        )
        do {
            try FileManager.default.createDirectory(atPath: self.folder, withIntermediateDirectories: true)
            let record = try self.journal.prepare(self.shot.name, position: self.position, fingerprint: self.shot.fingerprint)
            if record.state == "done", let finished = try self.finishedEarlier(record, entry: entry) {
                self.observer.shot(self.shot.name, state: "done", percent: 100, detail: "from an earlier run")
                return finished
            }
            let job = try await self.finishedJob(record)
            entry.jobID = job.id
            entry.variants = try await self.clips(of: job)
            guard let chosen = entry.variants.first(where: \.passed) else {
                let reasons = entry.variants.map { variant in
                    "variant \(variant.index): " + variant.verdicts.filter(\.isFailure).map { "\($0.rule) \($0.actual)" }.joined(separator: "; ")
                }
                throw ShotFailure("no variant passed validation (\(reasons.joined(separator: " | ")))")
            }
            entry.chosenVariant = chosen.index
            entry.status = "done"
            try self.journal.update(self.shot.name, state: "done", chosenVariant: chosen.index)
            self.observer.shot(self.shot.name, state: "done", percent: 100, detail: "variant \(chosen.index)")
        } catch {
            let message = Self.describe(error)
            entry.error = message
            try? self.journal.update(self.shot.name, state: "failed", error: message)
            try? self.journal.event(self.shot.name, "shot", "failed", message)
            self.observer.shot(self.shot.name, state: "failed", percent: nil, detail: message)
        }
        entry.elapsed = Date().timeIntervalSince(started)
        return entry
    }

    /// The shot as an earlier run finished it, when every clip it checked is still on disk:
    /// nothing is asked of the API and nothing is downloaded again.
    private func finishedEarlier(_ record: RunJournal.ShotRecord, entry: Manifest.ShotEntry) throws -> Manifest.ShotEntry? {
        let variants = try self.journal.variants(of: self.shot.name)
        guard !variants.isEmpty, let chosen = record.chosenVariant else { return nil }
        var finished = entry
        for variant in variants {
            let path = URL(fileURLWithPath: self.options.output).appendingPathComponent(variant.file).path
            guard Self.size(of: path) == variant.bytes, let text = variant.report,
                let report = try? JSONDecoder().decode(ValidationReport.self, from: Data(text.utf8))
            else { return nil }
            finished.variants.append(
                Manifest.VariantEntry(
                    index: variant.index, outputID: variant.outputID, file: variant.file, bytes: variant.bytes,
                    probe: report.info.map(Manifest.ProbeSummary.init), passed: report.passed, verdicts: report.verdicts,
                    thumbnail: variant.thumbnail, sheet: variant.sheet
                )
            )
        }
        finished.jobID = record.jobID
        finished.chosenVariant = chosen
        finished.status = "done"
        return finished
    }

    /// The shot's job, finished: polled if the journal knows it, adopted if it was being
    /// created when the last run died, created otherwise.
    private func finishedJob(_ record: RunJournal.ShotRecord) async throws -> GenerationJob {
        let deadline = ContinuousClock.now.advanced(by: self.options.shotTimeout)
        var job: GenerationJob? = nil
        if let id = record.jobID {
            job = try await self.existing(id)
        } else if let started = record.createStartedAt {
            job = try await self.adopt(since: started)
        }
        var holdsSlot = false
        if job == nil {
            let request = try self.request()
            let started = Date().timeIntervalSince1970
            try self.journal.update(self.shot.name, state: "creating", createStartedAt: started)
            try self.journal.event(self.shot.name, "create", "before")
            self.observer.shot(self.shot.name, state: "creating", percent: nil, detail: nil)
            let created = try await self.client.createWhenSlotFree(request, deadline: deadline)
            holdsSlot = true
            try self.journal.update(self.shot.name, state: "created", jobID: created.id)
            try self.journal.event(self.shot.name, "create", "after", created.id)
            job = created
        }
        guard var current = job else { throw ShotFailure("no job") }
        do {
            let name = self.shot.name
            let observer = self.observer
            current = try await self.client.waitForCompletion(current, deadline: deadline) { update in
                let percent: Int? = if case .running(let progress) = update.state { progress } else { nil }
                observer.shot(name, state: update.status, percent: percent, detail: update.id)
            }
        } catch {
            if holdsSlot { await self.client.release() }
            if let error = error as? SoraAPIError, error.code == .expired {
                try? self.journal.forgetJob(self.shot.name)
            }
            throw error
        }
        if holdsSlot { await self.client.release() }
        try self.journal.event(self.shot.name, "wait", "after", current.status)
        switch current.state {
        case .succeeded:
            return current
        case .failed(let reason):
            try self.journal.forgetJob(self.shot.name)
            throw ShotFailure("job \(current.id) failed: \(reason)")
        default:
            try self.journal.forgetJob(self.shot.name)
            throw ShotFailure("job \(current.id) ended \(current.status)")
        }
    }

    private func existing(_ id: String) async throws -> GenerationJob? {
        do {
            return try await self.client.generator.job(id)
        } catch let error as SoraAPIError where error.status == 404 {
            self.observer.note("\(self.shot.name): job \(id) is gone (expired or deleted); creating a new one")
            try self.journal.forgetJob(self.shot.name)
            return nil
        }
    }

    /// A job created just before the last run died: the newest one on the service with this
    /// shot's prompt, size and length, created after the attempt began.
    private func adopt(since started: Double) async throws -> GenerationJob? {
        let candidates = try await self.client.generator.jobs(limit: 100)
        let match = candidates.first { job in
            job.prompt == self.shot.prompt && job.width == self.shot.size.width && job.height == self.shot.size.height
                && job.seconds == self.shot.seconds && Double(job.createdAt) >= started - 5
        }
        guard let match else { return nil }
        try self.journal.update(self.shot.name, state: "created", jobID: match.id)
        try self.journal.event(self.shot.name, "adopt", "after", match.id)
        self.observer.note("\(self.shot.name): adopted job \(match.id) created before the last run stopped")
        return try await self.client.generator.job(match.id)
    }

    private func request() throws -> GenerationRequest {
        var request = GenerationRequest(
            prompt: self.shot.prompt, width: self.shot.size.width, height: self.shot.size.height,
            seconds: self.shot.seconds, variants: self.shot.variants
        )
        if let image = self.shot.image {
            let fitter = ImageFitter(fit: self.shot.imageFit, mismatchAdvice: "set image_fit: crop or pad")
            let fitted: FittedImage
            do {
                fitted = try fitter.fit(path: image, to: self.shot.size)
            } catch {
                throw ShotFailure(error.description)
            }
            request.inputImage = InputImage(data: fitted.data, fileName: fitted.fileName, contentType: fitted.contentType)
        }
        return request
    }

    /// Downloads, checks and previews every output, reusing what the journal says is done.
    private func clips(of job: GenerationJob) async throws -> [Manifest.VariantEntry] {
        let done = Dictionary(uniqueKeysWithValues: try self.journal.variants(of: self.shot.name).map { ($0.index, $0) })
        var entries: [Manifest.VariantEntry] = []
        let validator = Validator(
            options: ValidationOptions(
                expectedSize: self.shot.size, expectedSeconds: Double(self.shot.seconds),
                tolerance: self.storyboard.validation.tolerance,
                minimumBlackSeconds: self.storyboard.validation.blackMinimum,
                minimumFreezeSeconds: self.storyboard.validation.freezeMinimum
            )
        )
        for (index, output) in job.outputs.enumerated() {
            let relative = "shots/\(self.shot.name)/variant-\(index).mp4"
            let path = URL(fileURLWithPath: self.options.output).appendingPathComponent(relative).path
            var bytes: Int64
            if let record = done[index], record.outputID == output, Self.size(of: path) == record.bytes {
                bytes = record.bytes
            } else {
                try self.journal.event(self.shot.name, "download", "before", output)
                self.observer.shot(self.shot.name, state: "downloading", percent: nil, detail: "variant \(index)")
                bytes = try await self.client.generator.download(output: output, kind: .video, to: path).bytes
                try self.journal.record(.init(shot: self.shot.name, index: index, outputID: output, file: relative, bytes: bytes))
                try self.journal.event(self.shot.name, "download", "after", "\(bytes) bytes")
            }
            self.observer.shot(self.shot.name, state: "checking", percent: nil, detail: "variant \(index)")
            let report = try await validator.validate(path)
            let previews = try? await Previews.make(clip: path, folder: self.folder, stem: "variant-\(index)", output: self.options.output)
            try self.journal.record(
                .init(
                    shot: self.shot.name, index: index, outputID: output, file: relative, bytes: bytes, passed: report.passed,
                    report: (try? JSONEncoder().encode(report)).map { String(decoding: $0, as: UTF8.self) },
                    thumbnail: previews?.thumbnail, sheet: previews?.sheet
                )
            )
            try self.journal.event(self.shot.name, "check", "after", "variant \(index): \(report.passed ? "passed" : "failed")")
            entries.append(
                Manifest.VariantEntry(
                    index: index, outputID: output, file: relative, bytes: bytes, probe: report.info.map(Manifest.ProbeSummary.init),
                    passed: report.passed, verdicts: report.verdicts, thumbnail: previews?.thumbnail, sheet: previews?.sheet
                )
            )
        }
        return entries
    }

    private static func size(of path: String) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as SoraAPIError: error.description
        case let error as MediaError: error.description
        case let error as PipelineError: error.description
        case let error as ShotFailure: error.message
        default: "\(error)"
        }
    }
}

/// Why a shot failed, in words.
struct ShotFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
