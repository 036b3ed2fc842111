import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SoraAPI
import SoraClient
import SoraEmulator
import Synchronization
import TestSupport
import Testing

/// A create is never repeated blindly: when its answer is lost after the service acted, the
/// job list decides; a definite refusal means no job; a service with no list is not asked twice.
@Suite(.timeLimit(.minutes(2)))
struct SafeCreateTests {
    /// Collects the client's notices.
    final class Notices: Sendable {
        private let lines = Mutex<[String]>([])
        func add(_ line: String) { self.lines.withLock { $0.append(line) } }
        var all: [String] { self.lines.withLock { $0 } }
    }

    static func request(_ api: VideoAPI, _ prompt: String = "A paper boat on a pond.") -> GenerationRequest {
        api == .azure
            ? GenerationRequest(prompt: prompt, width: 480, height: 480, seconds: 1, variants: 2)
            : GenerationRequest(prompt: prompt, width: 720, height: 1280, seconds: 4)
    }

    @Test(arguments: VideoAPI.allCases)
    func aLostCreateAnswerIsAdoptedNotPaidTwice(_ api: VideoAPI) async throws {
        let notices = Notices()
        let (job, jobs) = try await ClientAgainstEmulatorTests.withEmulator(
            ClientAgainstEmulatorTests.fast([.lostCreate: 1]), api: api, configure: { $0.onNotice = notices.add }
        ) { client in
            let job = try await client.create(Self.request(api), deadline: .now + .seconds(30))
            return (job, try await client.generator.jobs(limit: 100))
        }
        #expect(jobs.count == 1, "every answer was lost, yet one job exists: \(jobs.map(\.id))")
        #expect(job.id == jobs.first?.id)
        #expect(job.variants == (api == .azure ? 2 : 1))
        #expect(notices.all.contains { $0.contains("the job may exist; looking for it") }, "\(notices.all)")
        #expect(notices.all.contains { $0.hasPrefix("adopted job \(job.id)") }, "\(notices.all)")
    }

    @Test func manyCreatesThroughLostAnswersMakeOneJobEach() async throws {
        let jobs = try await ClientAgainstEmulatorTests.withEmulator(
            ClientAgainstEmulatorTests.fast([.lostCreate: 0.4], maxRunning: 20), api: .azure, maxRunning: 20
        ) { client in
            try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<8 {
                    group.addTask { try await client.create(Self.request(.azure, "Shot \(index)."), deadline: .now + .seconds(60)).id }
                }
                var created: [String] = []
                for try await id in group { created.append(id) }
                #expect(Set(created).count == 8)
                return try await client.generator.jobs(limit: 100)
            }
        }
        #expect(jobs.count == 8, "one job per create: \(jobs.map(\.prompt).sorted())")
    }

    @Test func aRefusedCreateIsSentOnceAndMakesNoJob() async throws {
        let server = TestServer()
        _ = try await server.run({ router, _ in
            router.post("openai/v1/video/generations/jobs") { _, _ in
                TestBodies.json(#"{"error":{"message":"Your prompt was blocked.","code":"content_filter"}}"#, status: .badRequest)
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                await #expect(throws: SoraAPIError.self) {
                    try await client.create(Self.request(.azure), deadline: .now + .seconds(10))
                }
            }
        }
        #expect(server.requests.filter { $0.method == "POST" }.count == 1)
        #expect(server.requests.filter { $0.method == "GET" }.isEmpty, "a definite refusal needs no look at the list")
    }

    @Test func withoutAJobListALostCreateIsNotSentAgain() async throws {
        let server = TestServer()
        _ = try await server.run({ router, _ in
            router.post("openai/v1/video/generations/jobs") { _, _ in
                TestBodies.json(#"{"error":{"message":"upstream timed out"}}"#, status: .badGateway)
            }
            router.get("openai/v1/video/generations/jobs") { _, _ in
                TestBodies.json(#"{"error":{"message":"Not Found"}}"#, status: .notFound)
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let error = try await #require(throws: SoraAPIError.self, "an ambiguous create succeeded") {
                    try await client.create(Self.request(.azure), deadline: .now + .seconds(10))
                }
                #expect(error.code == .outcomeUnknown)
                #expect(error.description.contains("HTTP 502"), "\(error)")
                #expect(error.description.contains("not sent again"), "\(error)")
                #expect(error.description.contains("sorareel jobs list"), "\(error)")
            }
        }
        #expect(server.requests.filter { $0.method == "POST" }.count == 1, "the create was not repeated")
    }

    @Test func aCreateNotInTheListAfterTheSettleTimeIsSentAgain() async throws {
        let server = TestServer()
        let posts = ResilienceTests.Counter()
        _ = try await server.run({ router, _ in
            router.post("openai/v1/video/generations/jobs") { _, _ in
                posts.next() == 1
                    ? TestBodies.json(#"{"error":{"message":"overloaded"}}"#, status: .serviceUnavailable)
                    : TestBodies.json(TestBodies.job(id: "task_2", status: "queued", prompt: "A paper boat on a pond."))
            }
            router.get("openai/v1/video/generations/jobs") { _, _ in
                TestBodies.json(#"{"object":"list","data":[],"has_more":false}"#)
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let job = try await client.create(Self.request(.azure), deadline: .now + .seconds(10))
                #expect(job.id == "task_2")
            }
        }
        #expect(server.requests.filter { $0.method == "POST" }.count == 2)
        #expect(server.requests.filter { $0.method == "GET" }.count == 2, "looked twice: at once and after the settle time")
    }

    @Test(arguments: VideoAPI.allCases)
    func aLostDeleteAnswerStillDeletes(_ api: VideoAPI) async throws {
        let remaining = try await ClientAgainstEmulatorTests.withEmulator(
            ClientAgainstEmulatorTests.fast([.lostDelete: 1]), api: api
        ) { client in
            let job = try await client.create(Self.request(api), deadline: .now + .seconds(30))
            _ = try await client.waitForCompletion(job, deadline: .now + Sanitizer.scaled(.seconds(120)))
            try await client.generator.delete(job.id)
            return try await client.generator.jobs(limit: 100)
        }
        #expect(remaining.isEmpty)
    }
}
