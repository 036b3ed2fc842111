import Foundation
import Logging
import MediaKit
import SoraAPI
import SoraClient
import SoraEmulator
import TestSupport
import Testing

/// The real client against the real emulator on a loopback port, for both APIs and every fault.
@Suite(.timeLimit(.minutes(5)))
struct ClientAgainstEmulatorTests {
    static func withEmulator<T: Sendable>(
        _ configuration: EmulatorConfiguration,
        api: VideoAPI,
        maxRunning: Int = 2,
        configure: (inout SoraClientConfiguration) -> Void = { _ in },
        _ body: (SoraClient) async throws -> T
    ) async throws -> T {
        var quiet = Logger(label: "emulator")
        quiet.logLevel = .critical
        let emulator = try await SoraEmulatorServer.start(configuration: configuration, logger: quiet)
        var clientConfiguration = SoraClientConfiguration(
            endpoint: SoraEndpoint(
                api: api, baseURL: emulator.baseURL + (api == .azure ? "/openai/v1" : "/v1"), apiVersion: api == .azure ? "preview" : nil,
                credential: api == .azure ? .apiKey("k") : .bearer("k"), model: api.defaultModel
            ),
            retry: RetryPolicy(maxAttempts: 10, initialDelay: 0.02, maxDelay: 0.2, budget: 30),
            maxRunningJobs: maxRunning, initialPollInterval: 0.05, maxPollInterval: 0.2, createSettleTime: 0.2
        )
        configure(&clientConfiguration)
        let client = try SoraClient(configuration: clientConfiguration)
        do {
            let result = try await body(client)
            try await client.shutdown()
            await emulator.stop()
            return result
        } catch {
            try? await client.shutdown()
            await emulator.stop()
            throw error
        }
    }

    static func fast(_ faults: [EmulatorFault: Double] = [:], maxRunning: Int = 2) -> EmulatorConfiguration {
        EmulatorConfiguration(port: 0, timeScale: 0.005, seed: 3, faults: faults, maxRunningPerDeployment: maxRunning, createsPerMinute: 0)
    }

    @Test(arguments: VideoAPI.allCases)
    func generateDownloadsCheckedClips(_ api: VideoAPI) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let request =
            api == .azure
            ? GenerationRequest(prompt: "A fox in snow.", width: 480, height: 480, seconds: 2, variants: 2)
            : GenerationRequest(prompt: "A fox in snow.", width: 1280, height: 720, seconds: 4)
        let result = try await Self.withEmulator(Self.fast(), api: api) { client in
            // Rendering shares NIO's thread pool with every media test running beside this one.
            try await client.generate(request, into: folder.path, timeout: Sanitizer.scaled(.seconds(240)))
        }
        #expect(result.job.state == .succeeded)
        #expect(result.files.count == (api == .azure ? 2 : 1))
        for file in result.files {
            let report = try await Validator(
                options: ValidationOptions(expectedSize: VideoSize(width: request.width, height: request.height), expectedSeconds: Double(request.seconds))
            ).validate(file.path)
            #expect(report.passed, "\(report.verdicts.filter { !$0.passed })")
            #expect((report.info?.audio != nil) == (api == .openai))
        }
    }

    @Test(arguments: [EmulatorFault.tooManyRequests, .internalServerError, .serviceUnavailable, .drop, .truncate, .slow])
    func generationSurvivesEachTransientFault(_ fault: EmulatorFault) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rate = fault == .slow ? 1.0 : 0.4
        let result = try await Self.withEmulator(Self.fast([fault: rate]), api: .azure) { client in
            try await client.generate(
                GenerationRequest(prompt: "Fault \(fault)", width: 480, height: 480, seconds: 1, variants: 2), into: folder.path,
                timeout: Sanitizer.scaled(.seconds(90)))
        }
        #expect(result.files.count == 2)
        for file in result.files {
            let report = try await Validator().validate(file.path)
            #expect(report.verdict("decode")?.passed == true, "\(fault): \(report.verdicts.filter { !$0.passed })")
        }
    }

    @Test(arguments: [(EmulatorFault.moderation, "input_moderation"), (.internal, "internal_error")])
    func aFailedJobEndsWithItsReason(_ fault: EmulatorFault, _ reason: String) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try await #require(throws: SoraAPIError.self, "a failed job produced files") {
            try await Self.withEmulator(Self.fast([fault: 1]), api: .azure) { client in
                try await client.generate(
                    GenerationRequest(prompt: "p", width: 480, height: 480, seconds: 1), into: folder.path, timeout: Sanitizer.scaled(.seconds(60)))
            }
        }
        #expect(error.code == .jobFailed)
        #expect(error.message.contains(reason))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func tooManyRunningTasksWaitsForASlot() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The client would run 4 at once; the deployment allows 1: the others wait their turn.
        let results = try await Self.withEmulator(Self.fast(maxRunning: 1), api: .azure, maxRunning: 4) { client in
            try await withThrowingTaskGroup(of: GenerationResult.self) { group in
                for index in 0..<3 {
                    group.addTask {
                        try await client.generate(
                            GenerationRequest(prompt: "Queue \(index)", width: 480, height: 480, seconds: 1),
                            into: folder.appendingPathComponent("\(index)").path, timeout: Sanitizer.scaled(.seconds(90))
                        )
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        #expect(results.count == 3)
        #expect(results.allSatisfy { $0.job.state == .succeeded })
    }

    @Test(arguments: VideoAPI.allCases)
    func listPagesAndDeleteRemoves(_ api: VideoAPI) async throws {
        try await Self.withEmulator(Self.fast(maxRunning: 10), api: api, maxRunning: 10) { client in
            let request =
                api == .azure
                ? GenerationRequest(prompt: "p", width: 480, height: 480, seconds: 1)
                : GenerationRequest(prompt: "p", width: 720, height: 1280, seconds: 4)
            var created: [String] = []
            for _ in 0..<5 { created.append(try await client.generator.create(request).id) }
            let listed = try await client.generator.jobs(limit: 100)
            #expect(Set(listed.map(\.id)) == Set(created))
            #expect(listed.first?.id == created.last, "newest first")
            let done = try await client.waitForCompletion(try await client.generator.job(created[0]), deadline: .now.advanced(by: .seconds(60)))
            #expect(done.state == .succeeded)
            try await client.generator.delete(created[0])
            #expect(try await client.generator.jobs(limit: 100).count == 4)
        }
    }

    @Test func aRequestOutsideTheLimitsIsRefusedBeforeSending() async throws {
        try await Self.withEmulator(Self.fast(), api: .openai) { client in
            let error = try await #require(throws: SoraAPIError.self, "sent a 5 s Sora 2 request") {
                try await client.create(GenerationRequest(prompt: "p", width: 720, height: 1280, seconds: 5), deadline: .now + .seconds(10))
            }
            #expect(error.code == .invalidRequest)
            #expect(error.status == nil, "nothing was sent")
            #expect(try await client.generator.jobs(limit: 10).isEmpty)
        }
    }
}
