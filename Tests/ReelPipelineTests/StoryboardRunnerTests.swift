import Foundation
import MediaKit
import ReelPipeline
import SoraClient
import SoraEmulator
import TestSupport
import Testing

@Suite(.timeLimit(.minutes(3)))
struct StoryboardRunnerTests {
    static let threeShots = """
        title: Three shots
        defaults:
          size: 480x480
          seconds: 2
          variants: 2
          reel:
            transition: 0
        shots:
          - name: one
            prompt: A red ball rolls.
          - name: two
            prompt: A blue cube spins.
            seconds: 3
          - name: three
            prompt: A green cone wobbles.
            variants: 1
        """

    @Test func aStoryboardBecomesCheckedClipsAReelAManifestAndAReport() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        let board = try PipelineHarness.storyboard(Self.threeShots, in: folder)
        let output = folder.appendingPathComponent("out").path
        let manifest = try await StoryboardRunner(storyboard: board, options: RunOptions(output: output), clients: harness).run()
        let jobs = try await harness.jobs()
        await harness.stop()

        #expect(manifest.passed)
        #expect(manifest.shots.map(\.status) == [.done, .done, .done])
        #expect(manifest.shots.map(\.variants.count) == [2, 2, 1])
        #expect(jobs.count == 3, "one job per shot")
        let reel = try #require(manifest.reel)
        #expect(reel.chapters.map(\.title) == ["one", "two", "three"])
        let info = try await MediaProbe().probe(output + "/reel.mp4")
        #expect(abs((info.format.duration ?? 0) - 7.0) <= 3 * 0.034, "2 + 3 + 2 seconds, within a frame per join")
        #expect(info.format.chapters?.map(\.title) == ["one", "two", "three"])
        for name in ["manifest.json", "report.html", "reel.mp4"] {
            #expect(FileManager.default.fileExists(atPath: output + "/" + name))
        }
        try ReportCheck.expectLinkedFilesExist(output)
    }

    @Test func aShotThatFailsModerationDoesNotStopTheOthers() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start(
            EmulatorConfiguration(port: 0, timeScale: 0.01, faults: [.moderation: 1], createsPerMinute: 0)
        )
        let board = try PipelineHarness.storyboard("title: t\nshots:\n  - prompt: Forbidden thing.\n    seconds: 1\n", in: folder)
        let manifest = try await StoryboardRunner(storyboard: board, options: RunOptions(output: folder.appendingPathComponent("out").path), clients: harness)
            .run()
        await harness.stop()
        #expect(!manifest.passed)
        #expect(manifest.shots.first?.status == .failed)
        #expect(manifest.shots.first?.error?.contains("input_moderation") == true)
        #expect(manifest.reel == nil)
    }

    @Test func aDamagedVariantFallsBackToTheNext() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start(
            EmulatorConfiguration(port: 0, timeScale: 0.01, createsPerMinute: 0, corruptVariants: [0])
        )
        let board = try PipelineHarness.storyboard("title: t\nshots:\n  - name: s\n    prompt: Waves.\n    seconds: 2\n    variants: 2\n", in: folder)
        let manifest = try await StoryboardRunner(storyboard: board, options: RunOptions(output: folder.appendingPathComponent("out").path), clients: harness)
            .run()
        await harness.stop()
        let shot = try #require(manifest.shots.first)
        #expect(shot.variants.map(\.passed) == [false, true])
        #expect(shot.chosenVariant == 1)
        #expect(shot.variants[0].verdicts.contains { $0.rule == "decode" && !$0.passed })
        #expect(manifest.passed)
    }

    @Test func aChangedStoryboardRedoesOnlyTheChangedShot() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        let output = folder.appendingPathComponent("out").path
        let first = try PipelineHarness.storyboard(Self.threeShots, in: folder)
        _ = try await StoryboardRunner(storyboard: first, options: RunOptions(output: output), clients: harness).run()
        let changed = try PipelineHarness.storyboard(Self.threeShots.replacingOccurrences(of: "A blue cube spins.", with: "A blue cube melts."), in: folder)
        let manifest = try await StoryboardRunner(storyboard: changed, options: RunOptions(output: output), clients: harness).run()
        let jobs = try await harness.jobs()
        await harness.stop()
        #expect(manifest.passed)
        #expect(jobs.count == 4, "three jobs, then one for the changed shot: \(jobs.map(\.prompt))")
        #expect(manifest.shots[1].prompt == "A blue cube melts.")
        #expect(manifest.shots[0].jobID == jobs.first { $0.prompt == "A red ball rolls." }?.id)
    }

    @Test func anUnwritableOutputFolderIsAClearError() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        let board = try PipelineHarness.storyboard("title: t\nshots:\n  - prompt: p\n", in: folder)
        let blocker = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        await #expect(throws: PipelineError.self) {
            try await StoryboardRunner(storyboard: board, options: RunOptions(output: blocker.appendingPathComponent("out").path), clients: harness).run()
        }
        await harness.stop()
    }
}
