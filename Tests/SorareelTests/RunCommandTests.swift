import Foundation
import Logging
import ReelPipeline
import SoraEmulator
import TestSupport
import Testing

@testable import sorareel

/// `run` and `jobs` as a user meets them: plans and budgets before anything is sent, JSON on
/// failure, Ctrl-C that says what happened, and a clean stderr under --verbose.
@Suite(.timeLimit(.minutes(3)))
struct RunCommandTests {
    static let board = """
        title: Command line
        defaults: {api: openai, model: sora-2, size: 1280x720, seconds: 4}
        shots:
          - {name: 海の朝, prompt: A harbour at dawn.}
          - {name: b, prompt: A harbour at noon.}
          - {name: c, prompt: A harbour at night.}
        """

    static func write(_ text: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("board.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func environment(_ emulator: SoraEmulatorServer) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["AZURE_OPENAI_ENDPOINT"] = nil
        environment["AZURE_OPENAI_API_KEY"] = nil
        environment["OPENAI_BASE_URL"] = emulator.baseURL + "/v1"
        environment["OPENAI_API_KEY"] = "sk-run-SECRET"
        return environment
    }

    @Test func planPrintsJobsSecondsAndChargeAndSendsNothing() async throws {
        let emulator = try await GenerateCommandTests.emulator()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let board = try Self.write(Self.board, in: folder)
        let prices = folder.appendingPathComponent("prices.yaml").path
        try "- {model: sora-2, usd_per_second: 0.25, source: our contract, date: 2026-11-30}\n".write(toFile: prices, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out").path
        let text = try await ProcessRunner.run(CommandLineTests.binary, ["run", board, "--plan", "--output", output], environment: Self.environment(emulator))
        let json = try await ProcessRunner.run(
            CommandLineTests.binary, ["run", board, "--plan", "--json", "--prices", prices, "--max-cost", "2", "--output", output],
            environment: Self.environment(emulator)
        )
        let generate = try await ProcessRunner.run(
            CommandLineTests.binary, ["generate", "A kite.", "--api", "openai", "--size", "1280x720", "--seconds", "8", "--plan"],
            environment: Self.environment(emulator)
        )
        let usage = await emulator.usage()
        await emulator.stop()

        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("to create: 3 jobs, 12 s of video, $1.20"), "\(text.stdout)")
        #expect(text.stdout.contains("price: OpenAI sora-2 model page"), "the price names its source")
        let plan = try JSONDecoder().decode(RunPlan.self, from: Data(json.stdout.utf8))
        #expect(plan.total == Spend(jobs: 2, billedSeconds: 8, usd: 2.0), "$0.25 a second from the prices file; the third shot passes $2")
        #expect(plan.shotsOverBudget == ["c"])
        #expect(generate.stdout.contains("1 job, 8 s of video, $0.80"), "\(generate.stdout) \(generate.stderr)")
        #expect(usage.jobsCreated == 0, "a plan sends nothing")
        #expect(!FileManager.default.fileExists(atPath: output), "a plan writes nothing")
    }

    @Test func theSummaryLinesUpWideNamesAndNamesOnlyFilesThatExist() async throws {
        let emulator = try await GenerateCommandTests.emulator()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let board = try Self.write(Self.board + "\nbudget: {max_seconds: 4}\n", in: folder)
        let output = folder.appendingPathComponent("out").path
        let result = try await ProcessRunner.run(
            CommandLineTests.binary, ["run", board, "--output", output, "--max-running", "1"], environment: Self.environment(emulator)
        )
        await emulator.stop()
        #expect(result.status == 1, "two shots are over budget")
        let rows = result.stdout.split(separator: "\n").filter { line in ["海の朝", "b", "c"].contains { line.hasPrefix("  \($0) ") } }
        #expect(rows.count == 3, "\(result.stdout)")
        let statusColumns = rows.map { row -> Int in
            let text = String(row)
            let start = text.range(of: " done ")?.lowerBound ?? text.range(of: " over budget")?.lowerBound ?? text.endIndex
            return TextWidth.columns(String(text[..<start]))
        }
        #expect(Set(statusColumns).count == 1, "statuses start in one column whatever the name's width: \(result.stdout)")
        #expect(result.stdout.contains("over budget, not created:"), "\(result.stdout)")
        #expect(result.stdout.contains("spent: 1 job, 4 s of video, $0.40 (budget 4 s of video)"), "\(result.stdout)")
    }

    @Test func jobsListAndShowPrintJSON() async throws {
        let emulator = try await GenerateCommandTests.emulator()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = Self.environment(emulator)
        _ = try await ProcessRunner.run(
            CommandLineTests.binary, ["generate", "A kite.", "--api", "openai", "--size", "1280x720", "--seconds", "4", "--output", folder.path, "--quiet"],
            environment: environment
        )
        let list = try await ProcessRunner.run(CommandLineTests.binary, ["jobs", "list", "--api", "openai", "--json"], environment: environment)
        let jobs = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: [[String: Any]]])["jobs"]
        let id = try #require(jobs?.first?["id"] as? String)
        let show = try await ProcessRunner.run(CommandLineTests.binary, ["jobs", "show", id, "--api", "openai", "--json"], environment: environment)
        await emulator.stop()
        #expect(jobs?.count == 1)
        let job = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        #expect(job["status"] as? String == "completed" && job["prompt"] as? String == "A kite." && job["size"] as? String == "1280x720")
    }

    @Test func ctrlCStopsWithALineAndTheNextRunResumes() async throws {
        let emulator = try await GenerateCommandTests.emulator(EmulatorConfiguration(port: 0, timeScale: 0.15, createsPerMinute: 0))
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let board = try Self.write(Self.board, in: folder)
        let output = folder.appendingPathComponent("out").path
        let environment = Self.environment(emulator)
        let stopped = try await ProcessRunner.run(CommandLineTests.binary, ["run", board, "--output", output], environment: environment) { process in
            for _ in 0..<400 where !FileManager.default.fileExists(atPath: output + "/journal.sqlite") {
                try await Task.sleep(for: .milliseconds(25))
            }
            try await Task.sleep(for: .milliseconds(1500))
            kill(process.processIdentifier, SIGINT)
        }
        let resumed = try await ProcessRunner.run(CommandLineTests.binary, ["run", board, "--output", output, "--quiet"], environment: environment)
        let usage = await emulator.usage()
        await emulator.stop()
        #expect(stopped.status == 130, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("stopped. Jobs already created are kept"), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("run the same command again to resume"))
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(usage.jobsCreated == 3, "the resumed run made no second job for any shot")
    }

    @Test func verboseShowsRequestsNotTheHTTPClientsBookkeeping() async throws {
        let emulator = try await GenerateCommandTests.emulator()
        let result = try await ProcessRunner.run(
            CommandLineTests.binary, ["jobs", "list", "--verbose"], environment: GenerateCommandTests.environment(emulator))
        await emulator.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("GET /video/generations/jobs"), "requests are shown: \(result.stderr)")
        #expect(!result.stderr.contains("ahc-"), "no AsyncHTTPClient pool lines: \(result.stderr)")
    }

    @Test func anEmptyKeyIsNamedAsSuch() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["AZURE_OPENAI_ENDPOINT"] = "http://127.0.0.1:9"
        environment["AZURE_OPENAI_API_KEY"] = ""
        environment["AZURE_OPENAI_AD_TOKEN"] = nil
        let result = try await ProcessRunner.run(CommandLineTests.binary, ["jobs", "list"], environment: environment)
        #expect(result.status == 1)
        #expect(
            result.stderr == "AZURE_OPENAI_API_KEY is set but empty: give the key, or unset it to use an Entra ID token or `az login`\n", "\(result.stderr)")
    }

    @Test func aFailedRunStillPrintsJSON() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let board = try Self.write(Self.board, in: folder)
        let blocked = folder.appendingPathComponent("file").path
        _ = FileManager.default.createFile(atPath: blocked, contents: Data("x".utf8))
        let result = try await ProcessRunner.run(CommandLineTests.binary, ["run", board, "--output", blocked + "/out", "--json"])
        #expect(result.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String])
        #expect(document["error"]?.contains("cannot create the output folder") == true, "\(document)")
    }
}
