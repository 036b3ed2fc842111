import Foundation
import MediaKit
import SoraAPI
import SoraClient
import SoraEmulator
import TestSupport
import Testing

@testable import ReelPipeline

/// Runs whose create answers are lost after the service acted, and journals that name jobs the
/// service gave to another shot: exactly one job per shot, every shot its own clip.
@Suite(.timeLimit(.minutes(3)))
struct LostAnswerRunTests {
    @Test func lostCreateAnswersMakeExactlyOneJobPerShot() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start(
            EmulatorConfiguration(port: 0, timeScale: 0.01, seed: 11, faults: [.lostCreate: 0.4], createsPerMinute: 0)
        )
        var text = "title: Lost answers\ndefaults: {size: 480x480, seconds: 2, variants: 1}\nshots:\n"
        for index in 1...8 { text += "  - {name: s\(index), prompt: \"Shot \(index), a paper boat on a pond.\"}\n" }
        let board = try PipelineHarness.storyboard(text, in: folder)
        let manifest = try await StoryboardRunner(
            storyboard: board, options: RunOptions(output: folder.appendingPathComponent("out").path), clients: harness
        ).run()
        let jobs = try await harness.jobs()
        await harness.stop()

        #expect(manifest.passed, "\(manifest.shots.compactMap(\.error))")
        #expect(jobs.count == 8, "one job per shot: \(jobs.map(\.prompt).sorted())")
        #expect(Set(manifest.shots.compactMap(\.jobID)) == Set(jobs.map(\.id)))
    }

    @Test func aJournalledJobThatIsAnotherShotsIsTreatedAsGone() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        let text = "title: Two\ndefaults: {size: 480x480, seconds: 2, variants: 1}\nshots:\n  - {name: a, prompt: A kite.}\n  - {name: b, prompt: A boat.}\n"
        let board = try PipelineHarness.storyboard(text, in: folder)
        let output = folder.appendingPathComponent("out").path
        let first = try await StoryboardRunner(storyboard: board, options: RunOptions(output: output), clients: harness).run()
        let jobOfB = try #require(first.shots.first { $0.name == "b" }?.jobID)
        // The journal now says shot a's job is b's, as it did when a restarted emulator reused ids.
        let journal = try RunJournal(folder: output)
        try await journal.recordJob("a", attempt: 1, jobID: jobOfB)
        let second = try await StoryboardRunner(storyboard: board, options: RunOptions(output: output), clients: harness).run()
        let jobs = try await harness.jobs()
        await harness.stop()

        let a = try #require(second.shots.first { $0.name == "a" })
        #expect(second.passed)
        #expect(a.jobID != jobOfB, "shot a did not take b's job")
        #expect(jobs.first { $0.id == a.jobID }?.prompt == "A kite.")
        #expect(a.attempts.first?.outcome == "failed" && a.attempts.first?.redoneBecause?.contains("another shot's") == true, "\(a.attempts)")
        #expect(jobs.count == 3, "a new job for a, none for b")
    }
}
