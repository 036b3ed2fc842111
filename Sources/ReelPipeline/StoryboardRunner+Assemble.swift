import Foundation

extension StoryboardRunner {
    /// The storyboard's end, once every shot has one: the reel from the chosen clips, then
    /// `manifest.json` and `report.html` in the output folder. On one machine the run does it;
    /// in a queue, the worker that finishes a storyboard's last shot does, once.
    package func assemble(_ shots: [Manifest.ShotEntry], startedAt started: Double, spend: Spend) async throws -> Manifest {
        let budget = self.budget
        let left = shots.filter { $0.status == .overBudget }.map(\.name)
        if !left.isEmpty {
            self.observer.note("budget reached (\(budget.summary)): not created: \(left.joined(separator: ", "))")
        }
        var shots = shots
        var reel = await self.buildReel(shots)
        await RunPreviews.add(to: &shots, reel: &reel, output: self.options.output, observer: self.observer)
        var manifest = Manifest(
            title: self.storyboard.title, storyboard: self.storyboard.path, startedAt: started,
            finishedAt: Date().timeIntervalSince1970, passed: false, shots: shots, reel: reel, spend: spend, budget: budget
        )
        manifest.passed = shots.allSatisfy { $0.status == .done } && reel?.passed == true
        try ManifestWriter.write(manifest, to: self.options.output)
        try ReportWriter.write(manifest, to: self.options.output)
        return manifest
    }
}
