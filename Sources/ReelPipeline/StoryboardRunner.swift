import Foundation
import MediaKit
import SoraAPI
import SoraClient

/// Turns a storyboard into checked clips, one reel, `manifest.json` and `report.html`.
///
/// Safe to kill at any moment: started again on the same folder, it resumes from its journal
/// without creating a second job for any shot. Two runs cannot share a folder (lock).
public struct StoryboardRunner: Sendable {
    public let storyboard: Storyboard
    public let options: RunOptions
    let clients: any ClientSource
    let observer: any RunObserver

    public init(storyboard: Storyboard, options: RunOptions, clients: any ClientSource, observer: any RunObserver = SilentObserver()) {
        self.storyboard = storyboard
        self.options = options
        self.clients = clients
        self.observer = observer
    }

    /// The prices this run uses: the flags', then the storyboard's, then the known ones.
    var prices: PriceTable {
        PriceTable.known.overridden(by: self.storyboard.prices).overridden(by: self.options.prices)
    }

    /// The budget this run holds: the flags' limits where given, else the storyboard's.
    var budget: Budget {
        let flags = self.options.budget ?? Budget()
        return Budget(maxUSD: flags.maxUSD ?? self.storyboard.budget.maxUSD, maxSeconds: flags.maxSeconds ?? self.storyboard.budget.maxSeconds)
    }

    /// What the run would create and bill, sending nothing. On a folder an earlier run used,
    /// shots that are done or have a job are not counted again.
    public func plan() async throws -> RunPlan {
        let journalPath = URL(fileURLWithPath: self.options.output).appendingPathComponent("journal.sqlite").path
        let journal = !self.options.fresh && FileManager.default.fileExists(atPath: journalPath) ? try RunJournal(folder: self.options.output) : nil
        var spent = try await journal?.spend() ?? Spend()
        let spentSoFar = spent
        let prices = self.prices
        let budget = self.budget
        var shots: [RunPlan.ShotPlan] = []
        var total = Spend()
        for shot in self.storyboard.shots {
            let row = try await journal?.shot(shot.name)
            let current = row?.fingerprint == self.storyboard.fingerprint(of: shot) ? row : nil
            let attempts = current == nil ? [] : try await journal?.attempts(of: shot.name) ?? []
            let open = attempts.last.map { $0.state == .creating || $0.state == .created } ?? false
            let action = current?.state == .done ? "done" : open ? "has_job" : "create"
            let price = prices.price(model: shot.model, size: shot.size.description)
            var refusal: String?
            if action == "create" {
                refusal = budget.refusal(of: shot.cost(at: prices), after: spent)
                if refusal == nil {
                    spent = spent + shot.cost(at: prices)
                    total = total + shot.cost(at: prices)
                }
            }
            shots.append(
                RunPlan.ShotPlan(
                    name: shot.name, model: shot.model, size: shot.size.description, seconds: shot.seconds, variants: shot.variants,
                    action: action, cost: action == "create" ? shot.cost(at: prices) : Spend(),
                    priceSource: price.map { "\($0.source), \($0.date)" }, budgetRefusal: refusal, after: shot.continuation?.shot
                )
            )
        }
        return RunPlan(
            title: self.storyboard.title, shots: shots, total: total, spentSoFar: spentSoFar, budget: budget,
            qaRetries: self.storyboard.qaRetries
        )
    }

    /// Runs every shot, then the reel, manifest and report.
    /// - Throws: ``PipelineError`` when the folder is locked or unwritable; shot and reel failures are
    ///   reported in the manifest (``Manifest/passed`` is `false`), not thrown.
    public func run() async throws -> Manifest {
        let output = self.options.output
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw PipelineError(
                .io, "cannot create the output folder \(output): \((error as NSError).localizedFailureReason ?? "permission denied or not a folder")")
        }
        guard FileManager.default.isWritableFile(atPath: output) else {
            throw PipelineError(.io, "the output folder \(output) is not writable")
        }
        let lock = try RunLock(folder: output)
        if self.options.fresh {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: output).appendingPathComponent("journal.sqlite").path)
        }
        let journal = try RunJournal(folder: output)
        try await journal.retain(self.storyboard.shots.map(\.name))
        try await journal.event(nil, "run", "before", self.storyboard.path)
        let started = Date().timeIntervalSince1970
        let known = try await journal.jobIDs()
        let budget = self.budget
        let ledger = SpendLedger(budget: budget, spent: try await journal.spend(), observer: self.observer)
        await self.observer.spend(ledger.spent, budget: budget)
        let prices = self.prices

        var entries = [Manifest.ShotEntry?](repeating: nil, count: self.storyboard.shots.count)
        // Every shot's work exists before any starts: a shot that continues from another
        // waits for its outcome, which its work always publishes.
        let outcomes = ShotOutcomes()
        var works: [ShotWork] = []
        for (position, shot) in self.storyboard.shots.enumerated() {
            let client = try await self.clients.client(for: shot.api, model: shot.model)
            client.claim(known)
            works.append(
                ShotWork(
                    shot: shot, position: position, storyboard: self.storyboard, options: self.options, journal: journal,
                    client: client, ledger: ledger, prices: prices, observer: self.observer, outcomes: outcomes
                )
            )
        }
        await withTaskGroup(of: (Int, Manifest.ShotEntry).self) { group in
            for work in works {
                group.addTask { (work.position, await work.run()) }
            }
            for await (position, entry) in group {
                entries[position] = entry
            }
        }
        // Stopped (Ctrl-C): what is done stays in the journal; the last manifest and report stand.
        try Task.checkCancellation()
        let manifest = try await self.assemble(entries.compactMap { $0 }, startedAt: started, spend: try await journal.spend())
        try await journal.event(nil, "run", "after", manifest.passed ? "passed" : "failed")
        withExtendedLifetime(lock) {}
        return manifest
    }

    func buildReel(_ shots: [Manifest.ShotEntry]) async -> Manifest.ReelEntry? {
        let chosen = shots.compactMap { shot -> ReelInput? in
            guard shot.status == .done, let index = shot.chosenVariant, let variant = shot.variants.first(where: { $0.index == index }) else {
                return nil
            }
            var input = ReelInput(path: URL(fileURLWithPath: self.options.output).appendingPathComponent(variant.file).path, title: shot.name)
            let planned = self.storyboard.shots.first { $0.name == shot.name }
            input.trim = planned?.trim
            input.caption = planned?.caption
            return input
        }
        guard !chosen.isEmpty else { return nil }
        self.observer.note("building the reel from \(chosen.count) shot\(chosen.count == 1 ? "" : "s")")
        let path = URL(fileURLWithPath: self.options.output).appendingPathComponent("reel.mp4").path
        let settings = self.storyboard.reel
        var options = ReelOptions(mode: .auto, size: settings.size, frameRate: settings.frameRate, crossfade: settings.transition, chapters: true)
        options.music = settings.music
        options.loudness = settings.loudness
        let builder = ReelBuilder(options: options)
        do {
            let result = try await builder.build(chosen, to: path)
            let report = try await Validator(
                options: ValidationOptions(minimumFreezeSeconds: self.storyboard.validation.freezeMinimum), policy: self.storyboard.validation.policy
            ).validate(path)
            return Manifest.ReelEntry(
                file: "reel.mp4", mode: result.mode, reason: result.reason, chapters: result.chapters, passed: report.passed,
                verdicts: report.verdicts, probe: report.info.map(Manifest.ProbeSummary.init), error: nil,
                captions: result.captionsPath.map { URL(fileURLWithPath: $0).lastPathComponent }, loudness: result.loudness,
                notes: result.notes
            )
        } catch {
            return Manifest.ReelEntry(
                file: "reel.mp4", mode: nil, reason: "", chapters: [], passed: false, verdicts: [], probe: nil,
                error: ShotFailure(error).message
            )
        }
    }
}
