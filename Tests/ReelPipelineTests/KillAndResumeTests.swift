import Foundation
import ReelPipeline
import SoraClient
import SoraEmulator
import TestSupport
import Testing

/// `sorareel run` killed with SIGKILL at several moments and started again: it completes
/// every shot, and the emulator holds exactly one job per shot.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct KillAndResumeTests {
    static let board = """
        title: Killed and resumed
        defaults:
          size: 480x480
          seconds: 2
          variants: 1
        shots:
          - name: a
            prompt: A kite over a beach.
          - name: b
            prompt: A lighthouse at dusk.
          - name: c
            prompt: Gulls on a pier.
          - name: d
            prompt: A sailboat tacking.
        """

    @Test(arguments: [[0.3, 0.7, 1.2], [0.05, 0.15, 2.0, 0.4]])
    func killedRunsResumeWithoutDuplicateJobs(_ killAfter: [Double]) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Jobs take about a second here, so kills land while creating, polling and downloading.
        // The emulator is a process of its own, as a service is: in the test process, busy
        // with the rest of the suite, a killed run's create could wait there past the next
        // run's look for it, and the test would blame the run for the runner's delay.
        let harness = try await PipelineHarness.startProcess(["--time-scale", "0.03", "--creates-per-minute", "0"])
        let board = folder.appendingPathComponent("board.yaml").path
        try Self.board.write(toFile: board, atomically: true, encoding: .utf8)
        let arguments = ["run", board, "--output", folder.appendingPathComponent("out").path, "--quiet"]

        let final = try await harness.runKilled(arguments, after: killAfter)
        let jobs = try await harness.jobs()
        await harness.stop()

        #expect(final.terminationStatus == 0)
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("out/manifest.json")))
        #expect(manifest.passed)
        #expect(manifest.shots.allSatisfy { $0.status == .done })
        #expect(jobs.count == 4, "one job per shot, however often the run was killed: \(jobs.map(\.prompt))")
        #expect(Set(jobs.map(\.prompt)).count == 4)
        let leftovers =
            FileManager.default.enumerator(atPath: folder.appendingPathComponent("out").path)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".partial") || $0.contains(".partial.") } ?? []
        #expect(leftovers.isEmpty, "no partial file under any name: \(leftovers)")
    }

    @Test func aSecondRunOnTheSameFolderIsRefused() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start(EmulatorConfiguration(port: 0, timeScale: 0.2, createsPerMinute: 0))
        let board = folder.appendingPathComponent("board.yaml").path
        try Self.board.write(toFile: board, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out").path
        let first = SorareelBinary.process(["run", board, "--output", output, "--quiet"], environment: harness.environment)
        async let firstExited: Void = ProcessRunner.runToExit(first)
        // Wait for the first run to take the lock.
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: output + "/journal.sqlite") {
            try await Task.sleep(for: .milliseconds(50))
        }
        let second = try await ProcessRunner.run(SorareelBinary.url, ["run", board, "--output", output, "--quiet"], environment: harness.environment)
        let message = second.stderr
        kill(first.processIdentifier, SIGKILL)
        try await firstExited
        await harness.stop()
        #expect(second.status == 1)
        #expect(message.contains("is in use by another run (process \(first.processIdentifier))"), "\(message)")
    }
}

/// A disk that fills up mid-run: writes fail (here through a file-size limit, which fails
/// writes the way a full disk does), the run ends with a clear error, and its journal stays
/// good enough for the next run to finish without creating a second job for any shot.
/// Not under ThreadSanitizer: its runtime dies of SIGBUS at start under a file-size limit.
@Suite(.timeLimit(.minutes(2)), .disabled(if: Sanitizer.name == "thread", "ThreadSanitizer cannot start under ulimit -f"))
struct FullDiskTests {
    @Test func aFullDiskEndsClearlyAndTheNextRunFinishes() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start(EmulatorConfiguration(port: 0, timeScale: 0.01, createsPerMinute: 0))
        let board = folder.appendingPathComponent("board.yaml").path
        let text =
            "title: Full disk\ndefaults: {size: 1920x1080, seconds: 10, variants: 1}\nshots:\n  - {name: a, prompt: A harbour at noon.}\n  - {name: b, prompt: A harbour at night.}\n"
        try text.write(toFile: board, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out").path
        // 128 KiB per file: the journal fits, no 10 s 1080p clip does. SIGXFSZ is ignored so
        // writes fail with EFBIG, as they fail with ENOSPC on a full disk.
        let limited = try await ProcessRunner.run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "trap '' XFSZ; ulimit -f 256; exec \"$0\" \"$@\"", SorareelBinary.url.path, "run", board, "--output", output],
            environment: harness.environment
        )
        let finished = try await ProcessRunner.run(SorareelBinary.url, ["run", board, "--output", output, "--quiet"], environment: harness.environment)
        let jobs = try await harness.jobs()
        await harness.stop()

        #expect(limited.status == 1)
        #expect(limited.stdout.contains("FAIL"), "the summary names the failed shots")
        #expect(limited.stdout.contains("File too large") || limited.stderr.contains("File too large"), "\(limited.stdout) \(limited.stderr)")
        #expect(finished.status == 0, "\(finished.stdout) \(finished.stderr)")
        #expect(jobs.count == 2, "one job per shot across both runs: \(jobs.map(\.prompt))")
    }
}
