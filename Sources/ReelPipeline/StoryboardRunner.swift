import Foundation
import MediaKit

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

    /// Runs every shot, then the reel, manifest and report.
    /// - Throws: ``PipelineError`` when the folder is locked or unwritable; shot and reel failures are
    ///   reported in the manifest (``Manifest/passed`` is `false`), not thrown.
    public func run() async throws -> Manifest {
        let output = self.options.output
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw PipelineError(.io, "cannot create the output folder \(output): \(error.localizedDescription)")
        }
        guard FileManager.default.isWritableFile(atPath: output) else {
            throw PipelineError(.io, "the output folder \(output) is not writable")
        }
        let lock = try RunLock(folder: output)
        if self.options.fresh {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: output).appendingPathComponent("journal.sqlite").path)
        }
        let journal = try RunJournal(folder: output)
        try journal.retain(self.storyboard.shots.map(\.name))
        try journal.event(nil, "run", "before", self.storyboard.path)
        let started = Date().timeIntervalSince1970

        var entries = [Manifest.ShotEntry?](repeating: nil, count: self.storyboard.shots.count)
        try await withThrowingTaskGroup(of: (Int, Manifest.ShotEntry).self) { group in
            for (position, shot) in self.storyboard.shots.enumerated() {
                let client = try await self.clients.client(for: shot.api, model: shot.model)
                let work = ShotWork(
                    shot: shot, position: position, storyboard: self.storyboard, options: self.options, journal: journal,
                    client: client, observer: self.observer
                )
                group.addTask { (position, await work.run()) }
            }
            for try await (position, entry) in group {
                entries[position] = entry
            }
        }
        let shots = entries.compactMap { $0 }
        let reel = await self.buildReel(shots)
        var manifest = Manifest(
            title: self.storyboard.title, storyboard: self.storyboard.path, startedAt: started,
            finishedAt: Date().timeIntervalSince1970, passed: false, shots: shots, reel: reel
        )
        manifest.passed = shots.allSatisfy { $0.status == "done" } && reel?.passed == true
        try ManifestWriter.write(manifest, to: output)
        try ReportWriter.write(manifest, to: output)
        try journal.event(nil, "run", "after", manifest.passed ? "passed" : "failed")
        withExtendedLifetime(lock) {}
        return manifest
    }

    private func buildReel(_ shots: [Manifest.ShotEntry]) async -> Manifest.ReelEntry? {
        let chosen = shots.compactMap { shot -> ReelInput? in
            guard shot.status == "done", let index = shot.chosenVariant, let variant = shot.variants.first(where: { $0.index == index }) else {
                return nil
            }
            return ReelInput(path: URL(fileURLWithPath: self.options.output).appendingPathComponent(variant.file).path, title: shot.name)
        }
        guard !chosen.isEmpty else { return nil }
        self.observer.note("building the reel from \(chosen.count) shot\(chosen.count == 1 ? "" : "s")")
        let path = URL(fileURLWithPath: self.options.output).appendingPathComponent("reel.mp4").path
        let settings = self.storyboard.reel
        let builder = ReelBuilder(
            options: ReelOptions(
                mode: .auto, size: settings.size, frameRate: settings.frameRate, crossfade: settings.transition, chapters: true
            )
        )
        do {
            let result = try await builder.build(chosen, to: path)
            let report = try await Validator(options: ValidationOptions(minimumFreezeSeconds: self.storyboard.validation.freezeMinimum)).validate(path)
            return Manifest.ReelEntry(
                file: "reel.mp4", mode: result.mode, reason: result.reason, chapters: result.chapters, passed: report.passed,
                verdicts: report.verdicts, probe: report.info.map(Manifest.ProbeSummary.init), error: nil
            )
        } catch {
            return Manifest.ReelEntry(
                file: "reel.mp4", mode: "none", reason: "", chapters: [], passed: false, verdicts: [], probe: nil,
                error: ShotWork.describe(error)
            )
        }
    }
}
