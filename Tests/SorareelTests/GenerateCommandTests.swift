import Foundation
import Logging
import SoraEmulator
import TestSupport
import Testing

/// `generate`, `jobs` and `run` as a user runs them, against an emulator on loopback.
@Suite(.timeLimit(.minutes(2)))
struct GenerateCommandTests {
    static func emulator(
        _ configuration: EmulatorConfiguration = EmulatorConfiguration(port: 0, timeScale: 0.01, createsPerMinute: 0)
    ) async throws -> SoraEmulatorServer {
        var quiet = Logger(label: "emulator")
        quiet.logLevel = .critical
        return try await SoraEmulatorServer.start(configuration: configuration, logger: quiet)
    }

    static func run(_ arguments: [String], endpoint: String?) async throws -> ProcessRunner.Result {
        try await ProcessRunner.run(CommandLineTests.binary, arguments, environment: Self.environment(endpoint: endpoint))
    }

    /// The environment that points `sorareel` at an Azure endpoint (or at none: the built-in emulator).
    static func environment(endpoint: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["AZURE_OPENAI_ENDPOINT"] = endpoint
        environment["AZURE_OPENAI_API_KEY"] = endpoint == nil ? nil : "sk-cli-SECRET"
        environment["OPENAI_API_KEY"] = nil
        return environment
    }

    static func environment(_ emulator: SoraEmulatorServer) -> [String: String] {
        Self.environment(endpoint: emulator.baseURL)
    }

    @Test func generateDownloadsAndChecksEveryVariant() async throws {
        let emulator = try await Self.emulator()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await Self.run(
            ["generate", "A heron in reeds.", "--size", "480x480", "--seconds", "2", "--variants", "2", "--output", folder.path, "--verbose"],
            endpoint: emulator.baseURL
        )
        let jobs = try await Self.run(["jobs", "list"], endpoint: emulator.baseURL)
        await emulator.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.components(separatedBy: ": PASS").count == 3, "two clips, both pass")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.filter { $0.hasPrefix("gen_") && $0.hasSuffix(".mp4") }.count == 2, "\(names)")
        #expect(names.filter { $0.hasSuffix("-variants.mp4") }.count == 1, "a reel of the two variants")
        #expect(names.filter { $0.hasSuffix(".api-thumbnail.jpg") }.count == 2, "the service's stills")
        #expect(names.filter { $0.contains("_t") && $0.hasSuffix(".jpg") }.count == 2, "our stills")
        #expect(!(result.stdout + result.stderr).contains("sk-cli-SECRET"), "the key never appears, even with --verbose")
        #expect(jobs.stdout.split(separator: "\n").count == 1)
        #expect(jobs.stdout.contains("succeeded"))
    }

    @Test func aFailedJobIsOneLineAndExitOne() async throws {
        let emulator = try await Self.emulator(EmulatorConfiguration(port: 0, timeScale: 0.01, faults: [.moderation: 1], createsPerMinute: 0))
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await Self.run(["generate", "Something forbidden.", "--seconds", "1", "--output", folder.path, "--quiet"], endpoint: emulator.baseURL)
        await emulator.stop()
        #expect(result.status == 1)
        #expect(result.stderr.contains("failed: input_moderation"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no file under any name")
    }

    @Test func anUnreachableEndpointEndsWithinTheDeadline() async throws {
        let started = ContinuousClock.now
        let result = try await Self.run(["generate", "p", "--seconds", "1", "--timeout", "5", "--quiet"], endpoint: "http://127.0.0.1:9")
        #expect(result.status == 1)
        #expect(ContinuousClock.now - started < .seconds(30), "the deadline bounds retries and back-off")
        #expect(result.stderr.hasPrefix("POST /video/generations/jobs: cannot connect to 127.0.0.1:9 (connection refused)"), "\(result.stderr)")
        #expect(result.stderr.contains("gave up after"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "--quiet keeps only the error: \(result.stderr)")
    }

    @Test func withNothingConfiguredTheBuiltInEmulatorIsUsed() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await Self.run(["generate", "A lighthouse.", "--seconds", "1", "--output", folder.path], endpoint: nil)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("no Sora endpoint configured: using the built-in emulator at http://127.0.0.1:"))
    }

    @Test func aBadStoryboardIsOneLineBeforeAnyJob() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let board = folder.appendingPathComponent("board.yaml").path
        try "title: t\nshots:\n  - prompt: a\n    seconds: 25\n".write(toFile: board, atomically: true, encoding: .utf8)
        let result = try await Self.run(["run", board, "--output", folder.appendingPathComponent("out").path], endpoint: "http://127.0.0.1:9")
        #expect(result.status == 1)
        #expect(result.stderr == "\(board):4: shots[0].seconds: 25 is above the maximum of 20 for sora\n")
    }
}
