import Foundation
import ReelPipeline
import SoraClient
import SoraEmulator
import TestSupport
import Testing

/// Shots that continue from one another: each starts from the last frame of the one before,
/// sent as image-to-video, in dependency order, through kills and changes, one job per shot.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct ContinuityTests {
    static let chain = """
        title: One long take
        defaults: {size: 480x480, seconds: 2, variants: 1}
        shots:
          - name: a
            prompt: A paper boat sets off down a gutter.
          - name: b
            prompt: The boat rides a rapid.
            continue: previous
          - name: c
            prompt: The boat spins in an eddy.
            continue: previous
          - name: d
            prompt: The boat drifts into a pond.
            continue: previous
        """

    /// The PSNR between the last frame of each clip and the first of the next.
    static func seams(_ manifest: Manifest, in output: URL) async throws -> [Double] {
        let clips = manifest.shots.map { shot in
            output.appendingPathComponent(shot.variants.first { $0.index == shot.chosenVariant }?.file ?? "missing").path
        }
        var seams: [Double] = []
        for (previous, next) in zip(clips, clips.dropFirst()) {
            let last = output.appendingPathComponent("seam-last.png").path
            let first = output.appendingPathComponent("seam-first.png").path
            try await FFmpegCLI.frame(of: previous, last: true, to: last)
            try await FFmpegCLI.frame(of: next, last: false, to: first)
            seams.append(try #require(try await FFmpegCLI.psnr(last, first)))
        }
        return seams
    }

    @Test func eachShotStartsWhereThePreviousEnded() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        let board = try PipelineHarness.storyboard(Self.chain, in: folder)
        let output = folder.appendingPathComponent("out")
        let manifest = try await StoryboardRunner(storyboard: board, options: RunOptions(output: output.path), clients: harness).run()
        let jobs = try await harness.jobs()
        await harness.stop()

        #expect(manifest.passed, "\(manifest.shots.map { "\($0.name): \($0.error ?? "ok")" })")
        #expect(jobs.count == 4)
        let seams = try await Self.seams(manifest, in: output)
        #expect(seams.count == 3)
        #expect(seams.allSatisfy { $0 >= 25 }, "PSNR at each seam: \(seams)")
        #expect(manifest.shots[0].continues == nil)
        for (shot, source) in zip(manifest.shots.dropFirst(), manifest.shots) {
            #expect(shot.continues?.shot == source.name)
            #expect(shot.continues?.at == "last")
            let frame = try #require(shot.continues?.frame)
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(frame).path))
        }
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains("continues from <a href=\"#shot-a\">a</a>"))
    }

    /// Without continuity the seams are cuts: the check above can fail.
    @Test func unrelatedShotsDoNotMatchAtTheSeams() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        let board = try PipelineHarness.storyboard(Self.chain.replacingOccurrences(of: "continue: previous", with: "seconds: 2"), in: folder)
        let output = folder.appendingPathComponent("out")
        let manifest = try await StoryboardRunner(storyboard: board, options: RunOptions(output: output.path), clients: harness).run()
        await harness.stop()
        let seams = try await Self.seams(manifest, in: output)
        #expect(seams.allSatisfy { $0 < 20 }, "PSNR at each seam: \(seams)")
    }

    @Test func aRunKilledBetweenShotsResumesTheChainWithOneJobPerShot() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Jobs take about a second here, so kills land between and inside shots.
        // The emulator is a process of its own, as in KillAndResumeTests.
        let harness = try await PipelineHarness.startProcess(["--time-scale", "0.03", "--creates-per-minute", "0"])
        let board = folder.appendingPathComponent("board.yaml").path
        try Self.chain.write(toFile: board, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out")
        let arguments = ["run", board, "--output", output.path, "--quiet"]
        let final = try await harness.runKilled(arguments, after: [1.5, 2.5, 1.0])
        let jobs = try await harness.jobs()
        await harness.stop()

        #expect(final.terminationStatus == 0)
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: output.appendingPathComponent("manifest.json")))
        #expect(manifest.passed)
        #expect(jobs.count == 4, "one job per shot, however often the run was killed: \(jobs.map(\.prompt))")
        let seams = try await Self.seams(manifest, in: output)
        #expect(seams.allSatisfy { $0 >= 25 }, "PSNR at each seam: \(seams)")
    }

    @Test func aChangedShotRedoesTheShotsThatContinueFromItAndNothingElse() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        let output = folder.appendingPathComponent("out")
        let text = Self.chain.replacingOccurrences(of: "    prompt: The boat drifts into a pond.\n    continue: previous", with: "    prompt: A heron watches.")
        let first = try await StoryboardRunner(
            storyboard: try PipelineHarness.storyboard(text, in: folder), options: RunOptions(output: output.path), clients: harness
        ).run()
        let changed = text.replacingOccurrences(of: "The boat rides a rapid.", with: "The boat rides a waterfall.")
        let second = try await StoryboardRunner(
            storyboard: try PipelineHarness.storyboard(changed, in: folder), options: RunOptions(output: output.path), clients: harness
        ).run()
        let jobs = try await harness.jobs()
        await harness.stop()

        #expect(first.passed && second.passed)
        let before = Dictionary(uniqueKeysWithValues: first.shots.map { ($0.name, $0.jobID) })
        let after = Dictionary(uniqueKeysWithValues: second.shots.map { ($0.name, $0.jobID) })
        #expect(after["a"] == before["a"] && after["d"] == before["d"], "unchanged shots keep their jobs")
        #expect(after["b"] != before["b"] && after["c"] != before["c"], "the changed shot and the one continuing from it are made again")
        #expect(jobs.count == 6)
        #expect(try await Self.seams(second, in: output).prefix(2).allSatisfy { $0 >= 25 })
    }

    @Test func independentChainsRunSideBySide() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start(EmulatorConfiguration(port: 0, timeScale: 0.03, createsPerMinute: 0))
        let text = """
            title: Two chains
            defaults: {size: 480x480, seconds: 2, variants: 1}
            shots:
              - {name: a, prompt: A boat.}
              - {name: b, prompt: The boat sails on., continue: a}
              - {name: x, prompt: A heron.}
              - {name: y, prompt: The heron flies off., continue: x}
            """
        let manifest = try await StoryboardRunner(
            storyboard: try PipelineHarness.storyboard(text, in: folder), options: RunOptions(output: folder.appendingPathComponent("out").path),
            clients: harness
        ).run()
        let usage = try #require(await harness.emulator?.usage())
        await harness.stop()
        #expect(manifest.passed)
        #expect(usage.jobsCreated == 4)
        #expect(usage.peakRunning.values.max() == 2, "the two chains' jobs ran at once, within the deployment's two slots: \(usage.peakRunning)")
    }

    @Test func aShotWhoseSourceFailsIsNotStarted() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        // The budget pays for one shot only: the first is made, the second is over budget, and
        // the third, which continues from the second, is never started.
        let text = Self.chain + "\nbudget: {max_seconds: 3}\n"
        let manifest = try await StoryboardRunner(
            storyboard: try PipelineHarness.storyboard(text, in: folder), options: RunOptions(output: folder.appendingPathComponent("out").path),
            clients: harness
        ).run()
        let jobs = try await harness.jobs()
        await harness.stop()
        #expect(jobs.count == 1)
        #expect(manifest.shots.map(\.status) == [.done, .overBudget, .failed, .failed])
        #expect(manifest.shots[2].error?.contains("continues from b, which has no clip (over_budget)") == true, "\(manifest.shots[2].error ?? "")")
    }

    @Test func changingAShotChangesTheFingerprintsOfItsChainOnly() throws {
        let parser = StoryboardParser()
        let board = try parser.parse(text: Self.chain + "\n  - {name: e, prompt: A heron.}\n", path: "/tmp/board.yaml")
        let changed = try parser.parse(
            text: (Self.chain + "\n  - {name: e, prompt: A heron.}\n").replacingOccurrences(of: "rides a rapid", with: "rides a wave"),
            path: "/tmp/board.yaml"
        )
        let same = zip(board.shots, changed.shots).map { board.fingerprint(of: $0) == changed.fingerprint(of: $1) }
        #expect(same == [true, false, false, false, true])
    }
}
