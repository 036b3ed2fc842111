import Foundation
import Logging
import SoraEmulator
import TestSupport
import Testing

/// The command line against a service that mints gateway ids (`video_` + base64 with `+`, `/`
/// and `=`) and serves models SoraReel knows nothing about, as a LiteLLM proxy does.
@Suite(.timeLimit(.minutes(3)))
struct GatewayCommandTests {
    static func gateway() async throws -> SoraEmulatorServer {
        try await GenerateCommandTests.emulator(EmulatorConfiguration(port: 0, timeScale: 0.01, idStyle: .gateway, createsPerMinute: 0))
    }

    @Test func gatewayIDsRoundTripThroughEveryJobsCommand() async throws {
        let emulator = try await Self.gateway()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = RunCommandTests.environment(emulator)
        let generated = try await ProcessRunner.run(
            CommandLineTests.binary,
            ["generate", "A kite.", "--api", "openai", "--size", "1280x720", "--seconds", "4", "--output", folder.path, "--json", "--quiet"],
            environment: environment
        )
        #expect(generated.status == 0, "\(generated.stderr)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(generated.stdout.utf8)) as? [String: Any])?["job"] as? String)
        #expect(id.contains("+") && id.contains("/") && id.hasSuffix("="), "\(id)")
        let jobs = ["jobs", "--api", "openai"]
        let show = try await ProcessRunner.run(CommandLineTests.binary, jobs.prefix(1) + ["show", id] + jobs.dropFirst(), environment: environment)
        let wait = try await ProcessRunner.run(CommandLineTests.binary, jobs.prefix(1) + ["wait", id] + jobs.dropFirst(), environment: environment)
        let downloads = folder.appendingPathComponent("downloads")
        let download = try await ProcessRunner.run(
            CommandLineTests.binary, jobs.prefix(1) + ["download", id, "--output", downloads.path] + jobs.dropFirst(), environment: environment
        )
        let delete = try await ProcessRunner.run(CommandLineTests.binary, jobs.prefix(1) + ["delete", id] + jobs.dropFirst(), environment: environment)
        let after = try await ProcessRunner.run(CommandLineTests.binary, jobs.prefix(1) + ["list", "--json"] + jobs.dropFirst(), environment: environment)
        await emulator.stop()

        #expect(show.status == 0 && show.stdout.hasPrefix(id + "  completed"), "\(show.stdout) \(show.stderr)")
        #expect(wait.status == 0 && wait.stdout.contains("completed"), "\(wait.stdout) \(wait.stderr)")
        #expect(download.status == 0, "\(download.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: downloads.path)
        #expect(files.count == 1 && files[0].hasSuffix(".mp4") && !files[0].contains("/") && !files[0].contains("="), "\(files)")
        #expect(delete.status == 0 && delete.stdout.contains("deleted"), "\(delete.stderr)")
        let remaining = (try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: [Any]])?["jobs"]
        #expect(remaining?.isEmpty == true, "deleted: \(after.stdout)")
    }

    @Test func aGatewayModelIsSentAsGivenAndTheServicesOwnErrorShown() async throws {
        let emulator = try await Self.gateway()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = RunCommandTests.environment(emulator)
        let made = try await ProcessRunner.run(
            CommandLineTests.binary,
            ["generate", "A kite.", "--api", "openai", "--model", "veo-3", "--size", "1280x720", "--seconds", "6", "--output", folder.path, "--quiet"],
            environment: environment
        )
        let refused = try await ProcessRunner.run(
            CommandLineTests.binary, ["generate", "A kite.", "--api", "openai", "--model", "veo-3", "--size", "1280x720", "--seconds", "90", "--quiet"],
            environment: environment
        )
        let models = folder.appendingPathComponent("models.yaml").path
        try "models:\n  - {name: veo-3, sizes: [1280x720, 720x1280], seconds: [4, 6, 8], variants: 1}\n".write(
            toFile: models, atomically: true, encoding: .utf8)
        let checked = try await ProcessRunner.run(
            CommandLineTests.binary,
            ["generate", "A kite.", "--api", "openai", "--model", "veo-3", "--size", "1920x1080", "--seconds", "5", "--models", models, "--quiet"],
            environment: environment
        )
        let usage = await emulator.usage()
        await emulator.stop()

        #expect(made.status == 0, "\(made.stderr)")
        #expect(refused.status == 1)
        #expect(
            refused.stderr == "HTTP 400: POST /videos: Invalid value for 'seconds': expected a whole number of seconds from 1 to 60.\n"
                || refused.stderr.hasPrefix("HTTP 400: POST /videos: Invalid value for 'seconds'"), "the service's words: \(refused.stderr)")
        #expect(checked.status == 1)
        #expect(
            checked.stderr.contains("size: 1920x1080 is not a size veo-3 makes (1280x720, 720x1280); seconds: 5 is not a length veo-3 makes (4, 6 or 8)"),
            "\(checked.stderr)")
        #expect(usage.jobsCreated == 1, "only the accepted request reached the service")
    }
}
