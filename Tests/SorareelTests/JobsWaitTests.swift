import Foundation
import SoraEmulator
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `jobs wait` on jobs created elsewhere (here: straight over HTTP), against the emulator.
@Suite(.timeLimit(.minutes(2)))
struct JobsWaitTests {
    /// Creates a Sora 1 job the way another program would, and returns its id.
    static func createJob(_ emulator: SoraEmulatorServer, prompt: String) async throws -> String {
        var request = URLRequest(url: try #require(URL(string: "\(emulator.baseURL)/openai/v1/video/generations/jobs?api-version=preview")))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("sk-test", forHTTPHeaderField: "api-key")
        request.httpBody = try JSONSerialization.data(withJSONObject: [
            "prompt": prompt, "width": 480, "height": 480, "n_seconds": 1, "model": "sora",
        ])
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        #expect((200..<300).contains(status), "create: \(String(decoding: data, as: UTF8.self))")
        let body = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(body["id"] as? String)
    }

    static func outcomes(_ stdout: String) throws -> [[String: Any]] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        return try #require(document["jobs"] as? [[String: Any]])
    }

    @Test func waitsForEveryJobAndPrintsEachFinalStatus() async throws {
        let emulator = try await GenerateCommandTests.emulator(
            EmulatorConfiguration(port: 0, timeScale: 0.02, maxRunningPerDeployment: 100, createsPerMinute: 0))
        var ids: [String] = []
        for index in 0..<5 { ids.append(try await Self.createJob(emulator, prompt: "wait \(index)")) }
        let result = try await GenerateCommandTests.run(["jobs", "wait"] + ids + ["--json"], endpoint: emulator.baseURL)
        await emulator.stop()
        #expect(result.status == 0, "\(result.stderr)")
        let outcomes = try Self.outcomes(result.stdout)
        #expect(outcomes.map { $0["id"] as? String } == ids, "in the order given")
        #expect(outcomes.allSatisfy { $0["status"] as? String == "succeeded" }, "\(outcomes)")
        #expect(outcomes.allSatisfy { ($0["polls"] as? Int ?? 0) >= 1 })
    }

    @Test func aFailedJobExitsOne() async throws {
        let emulator = try await GenerateCommandTests.emulator(
            EmulatorConfiguration(port: 0, timeScale: 0.01, faults: [.moderation: 1], createsPerMinute: 0)
        )
        let id = try await Self.createJob(emulator, prompt: "something forbidden")
        let result = try await GenerateCommandTests.run(["jobs", "wait", id], endpoint: emulator.baseURL)
        await emulator.stop()
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("\(id)  failed: input_moderation"), "\(result.stdout)")
    }

    @Test func theTimeoutEndsTheWait() async throws {
        // At time scale 1 a job takes tens of seconds: far past a 2 s timeout.
        let emulator = try await GenerateCommandTests.emulator(EmulatorConfiguration(port: 0, timeScale: 1, createsPerMinute: 0))
        let id = try await Self.createJob(emulator, prompt: "slow")
        let started = ContinuousClock.now
        let result = try await GenerateCommandTests.run(["jobs", "wait", id, "--timeout", "2", "--json"], endpoint: emulator.baseURL)
        await emulator.stop()
        #expect(result.status == 1)
        #expect(ContinuousClock.now - started < .seconds(15))
        let outcome = try #require(try Self.outcomes(result.stdout).first)
        #expect(outcome["status"] as? String == "timed_out", "\(outcome)")
        #expect((outcome["error"] as? String)?.contains("at the deadline") == true, "\(outcome)")
    }

    @Test func anUnknownJobIsAnErrorLine() async throws {
        let emulator = try await GenerateCommandTests.emulator()
        let result = try await GenerateCommandTests.run(["jobs", "wait", "task_nope"], endpoint: emulator.baseURL)
        await emulator.stop()
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("task_nope  error: "), "\(result.stdout)")
    }
}
