import Foundation
import Hummingbird
import SoraAPI
import SoraClient
import TestSupport
import Testing

/// A dead or silent endpoint gets one plain line naming the address and the reason, within a
/// bounded time, and every retry is announced; no raw NIO or AsyncHTTPClient text.
@Suite(.timeLimit(.minutes(1)))
struct ConnectionFailureTests {
    @Test func aClosedPortSaysConnectionRefusedAndRetriesAloud() async throws {
        let notices = SafeCreateTests.Notices()
        let client = try SoraClient(
            configuration: SoraClientConfiguration(
                endpoint: SoraEndpoint(api: .azure, baseURL: "http://127.0.0.1:1/openai/v1", credential: .apiKey("k"), model: "sora"),
                retry: RetryPolicy(maxAttempts: 3, initialDelay: 0.01, maxDelay: 0.02, budget: 5), onNotice: notices.add
            )
        )
        defer { Task { try? await client.shutdown() } }
        let error = try await #require(throws: SoraAPIError.self, "a closed port answered") {
            try await client.generator.jobs(limit: 5)
        }
        #expect(error.code == .connection)
        #expect(error.description.hasPrefix("GET /video/generations/jobs: cannot connect to 127.0.0.1:1 (connection refused)"), "\(error)")
        #expect(error.description.contains("gave up after 3 tries"), "\(error)")
        #expect(!error.description.contains("errno") && !error.description.contains("Error"), "\(error)")
        #expect(notices.all.count == 2, "each retry is said: \(notices.all)")
        #expect(notices.all.allSatisfy { $0.contains("connection refused") && $0.contains("trying again in") }, "\(notices.all)")
    }

    @Test func aServerThatNeverAnswersTimesOutWithAPlainLine() async throws {
        let server = TestServer()
        _ = try await server.run({ router, _ in
            router.get("openai/v1/video/generations/jobs") { _, _ -> Response in
                try await Task.sleep(for: .seconds(4))
                return Response(status: .ok)
            }
        }) { base in
            let client = try SoraClient(
                configuration: SoraClientConfiguration(
                    endpoint: SoraEndpoint(api: .azure, baseURL: base + "/openai/v1", credential: .apiKey("k"), model: "sora"),
                    retry: RetryPolicy(maxAttempts: 3, initialDelay: 0.01, maxDelay: 0.02, budget: 1.5), requestTimeout: .seconds(1)
                )
            )
            let error = try await #require(throws: SoraAPIError.self, "a silent server answered") {
                try await client.generator.jobs(limit: 5)
            }
            #expect(error.code == .connectionLost)
            #expect(error.description.contains("no answer from 127.0.0.1:"), "\(error)")
            #expect(error.description.contains("within 1 s"), "\(error)")
            #expect(!error.description.contains("HTTPClientError"), "\(error)")
            try await client.shutdown()
        }
    }

    @Test func a501IsNotRetried() async throws {
        let server = TestServer()
        let calls = ResilienceTests.Counter()
        _ = try await server.run({ router, _ in
            router.get("openai/v1/video/generations/jobs/{id}") { _, _ in
                _ = calls.next()
                return TestBodies.json(#"{"error":{"message":"Not implemented"}}"#, status: .notImplemented)
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                await #expect(throws: SoraAPIError.self) { try await client.generator.job("task_1") }
            }
        }
        #expect(calls.count == 1)
    }
}
