import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SoraAPI
import SoraClient
import Synchronization
import TestSupport
import Testing

/// Retries, resumed downloads, deadlines, redaction and the Entra ID token flow.
@Suite(.timeLimit(.minutes(1)))
struct ResilienceTests {
    /// Counts calls across a route's invocations.
    final class Counter: Sendable {
        private let value = Mutex(0)
        func next() -> Int {
            self.value.withLock {
                $0 += 1; return $0
            }
        }
        var count: Int { self.value.withLock { $0 } }
    }

    @Test(arguments: [HTTPResponse.Status.tooManyRequests, .internalServerError, .serviceUnavailable, .requestTimeout, .conflict])
    func transientStatusesAreRetried(_ status: HTTPResponse.Status) async throws {
        let server = TestServer()
        let calls = Counter()
        _ = try await server.run({ router, _ in
            router.get("openai/v1/video/generations/jobs/{id}") { _, _ in
                calls.next() < 3
                    ? TestBodies.json(#"{"error":{"message":"busy"}}"#, status: status, headers: [.retryAfter: "0"])
                    : TestBodies.json(TestBodies.job(id: "task_1"))
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let job = try await client.generator.job("task_1")
                #expect(job.state == .succeeded)
            }
        }
        #expect(calls.count == 3)
    }

    @Test func aStormEndsWithOneClearErrorWithinBounds() async throws {
        let server = TestServer()
        let calls = Counter()
        let elapsed = try await server.run({ router, _ in
            router.get("openai/v1/video/generations/jobs/{id}") { _, _ in
                _ = calls.next()
                return TestBodies.json(
                    #"{"error":{"message":"Rate limit exceeded","type":"rate_limit"}}"#, status: .tooManyRequests,
                    headers: [HTTPField.Name("apim-request-id")!: "req-42"])
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let started = ContinuousClock.now
                let error = try await #require(throws: SoraAPIError.self, "a 429 storm succeeded") {
                    try await client.generator.job("task_1")
                }
                #expect(error.status == 429)
                #expect(error.requestID == "req-42")
                #expect(error.description.hasPrefix("HTTP 429: GET /video/generations/jobs/task_1: Rate limit exceeded (gave up after 4 tries in "))
                #expect(error.description.hasSuffix(" s) (request id req-42)"))
                return ContinuousClock.now - started
            }
        }
        #expect(calls.count == 4, "maxAttempts bounds the retries")
        #expect(elapsed < Sanitizer.scaled(.seconds(10)), "the retry budget is 2 s: the storm ends long before the call's deadline")
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let server = TestServer()
        let calls = Counter()
        _ = try await server.run({ router, _ in
            router.get("openai/v1/video/generations/jobs/{id}") { _, _ in
                _ = calls.next()
                return TestBodies.json(
                    #"{"error":{"message":"The API deployment 'sora' for this resource does not exist.","type":"video_generation_user_error"}}"#,
                    status: .notFound
                )
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                await #expect(throws: SoraAPIError.self) { try await client.generator.job("task_1") }
            }
        }
        #expect(calls.count == 1)
    }

    @Test func aCutDownloadResumesWithARange() async throws {
        let server = TestServer()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let content = ByteBuffer(bytes: (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let calls = Counter()
        _ = try await server.run({ router, _ in
            router.get("openai/v1/video/generations/{id}/content/video") { request, _ in
                let call = calls.next()
                let total = content.readableBytes
                if let range = request.headers[.range], range.hasPrefix("bytes="), let start = Int(range.dropFirst(6).dropLast()) {
                    let rest = content.getSlice(at: start, length: total - start)!
                    return Response(
                        status: .partialContent,
                        headers: [.contentLength: "\(total - start)", .contentRange: "bytes \(start)-\(total - 1)/\(total)", .acceptRanges: "bytes"],
                        body: ResponseBody(byteBuffer: rest)
                    )
                }
                // The first answer claims everything, sends a third, and drops the connection.
                return Response(
                    status: .ok, headers: [.contentLength: "\(total)", .acceptRanges: "bytes"],
                    body: ResponseBody { writer in
                        if call == 1 {
                            try await writer.write(content.getSlice(at: 0, length: total / 3)!)
                            throw CancellationError()
                        }
                        try await writer.write(content)
                    }
                )
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let path = folder.appendingPathComponent("gen_1.mp4").path
                let file = try await client.generator.download(output: "gen_1", kind: .video, to: path)
                #expect(file.bytes == 300_000)
                #expect(file.resumptions == 1)
                #expect(FileManager.default.contents(atPath: path) == Data(content.readableBytesView))
            }
        }
        // The second request asks only for what the first did not deliver.
        let range = try #require(server.requests.last?.headers["range"])
        let resumedAt = try #require(Int(range.dropFirst("bytes=".count).dropLast()))
        #expect(resumedAt > 0 && resumedAt <= 100_000)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["gen_1.mp4"])
    }

    /// Parts that arrive while a write is under way are written together with one `pwritev`:
    /// many odd-sized parts must land in order, byte for byte.
    @Test func aBodyInManyPartsIsWrittenWhole() async throws {
        let server = TestServer()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 3 MiB (past the 2 MiB a write gathers) of a 65,537-byte pattern sent in 49,999-byte
        // writes, so that no two parts the client reads are alike and one out of order shows.
        let block = (0..<65_537).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        let content = (0..<48).reduce(into: ByteBuffer()) { buffer, _ in buffer.writeBytes(block) }
        _ = try await server.run({ router, _ in
            router.get("openai/v1/video/generations/{id}/content/video") { _, _ in
                Response(
                    status: .ok, headers: [.contentLength: "\(content.readableBytes)"],
                    body: ResponseBody { writer in
                        var start = 0
                        while start < content.readableBytes {
                            let length = min(49_999, content.readableBytes - start)
                            try await writer.write(content.getSlice(at: start, length: length)!)
                            start += length
                        }
                    }
                )
            }
        }) { base in
            try await SoraClient.withTestClient(base, maxDownloadBytes: 4 << 20) { client in
                let path = folder.appendingPathComponent("gen_1.mp4").path
                let file = try await client.generator.download(output: "gen_1", kind: .video, to: path)
                #expect(file.bytes == Int64(content.readableBytes))
                #expect(ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: path))) == content)
            }
        }
    }

    @Test func onlyATwoHundredBodyIsWritten() async throws {
        let server = TestServer()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await server.run({ router, _ in
            router.get("openai/v1/video/generations/{id}/content/video") { _, _ in
                TestBodies.json(#"{"error":{"message":"generation not found"}}"#, status: .notFound)
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                await #expect(throws: SoraAPIError.self) {
                    try await client.generator.download(output: "gen_1", kind: .video, to: folder.appendingPathComponent("gen_1.mp4").path)
                }
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aDeadlineEndsTheWait() async throws {
        let server = TestServer()
        _ = try await server.run({ router, _ in
            router.get("openai/v1/video/generations/jobs/{id}") { _, _ in TestBodies.json(TestBodies.job(id: "task_1", status: "running", generations: [])) }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let job = try await client.generator.job("task_1")
                let error = try await #require(throws: SoraAPIError.self, "waited past the deadline") {
                    try await client.waitForCompletion(job, deadline: ContinuousClock.now.advanced(by: .milliseconds(300)))
                }
                #expect(error.code == .timedOut)
            }
        }
    }

    @Test func cancellationEndsTheWait() async throws {
        let server = TestServer()
        _ = try await server.run({ router, _ in
            router.get("openai/v1/video/generations/jobs/{id}") { _, _ in TestBodies.json(TestBodies.job(id: "task_1", status: "queued", generations: [])) }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let job = try await client.generator.job("task_1")
                let wait = Task { try await client.waitForCompletion(job, deadline: ContinuousClock.now.advanced(by: .seconds(60))) }
                try await Task.sleep(for: .milliseconds(100))
                wait.cancel()
                await #expect(throws: CancellationError.self) { try await wait.value }
            }
        }
    }

    @Test func unknownStatusesEndTheWait() async throws {
        let server = TestServer()
        _ = try await server.run({ router, _ in
            router.get("openai/v1/video/generations/jobs/{id}") { _, _ in TestBodies.json(TestBodies.job(id: "task_1", status: "archived", generations: [])) }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let job = try await client.generator.job("task_1")
                let done = try await client.waitForCompletion(job, deadline: ContinuousClock.now.advanced(by: .seconds(5)))
                #expect(done.state == .unknown("archived"))
            }
        }
    }

    @Test func theKeyNeverAppearsInLogsOrErrors() async throws {
        let server = TestServer()
        let lines = LogCapture()
        let logger = {
            var logger = Logger(label: "capture") { _ in lines }
            logger.logLevel = .trace
            return logger
        }()
        _ = try await server.run({ router, _ in
            router.get("openai/v1/video/generations/jobs/{id}") { _, _ in
                TestBodies.json(#"{"error":{"message":"denied"}}"#, status: .internalServerError)
            }
        }) { base in
            try await SoraClient.withTestClient(base, key: "sk-live-VERY-SECRET", logger: logger) { client in
                do {
                    _ = try await client.generator.job("task_1")
                } catch {
                    lines.append("\(error)")
                    lines.append(String(reflecting: error))
                }
            }
        }
        #expect(!lines.all.isEmpty)
        #expect(!lines.all.contains { $0.contains("VERY-SECRET") })
        #expect(server.requests.first?.headers["api-key"] == "sk-live-VERY-SECRET", "the key did reach the server")
    }

    @Test func clientCredentialsTokensAreFetchedOnceAndSent() async throws {
        let server = TestServer()
        let tokenCalls = Counter()
        _ = try await server.run({ router, _ in
            router.post("tenant-1/oauth2/v2.0/token") { request, context in
                _ = tokenCalls.next()
                let form = String(buffer: try await request.body.collect(upTo: 4096))
                guard form.contains("grant_type=client_credentials"), form.contains("client_secret=s3cret"),
                    form.contains("scope=https%3A%2F%2Fcognitiveservices.azure.com%2F.default")
                else { return TestBodies.json(#"{"error":"invalid_client"}"#, status: .unauthorized) }
                return TestBodies.json(#"{"access_token":"token-abc","expires_in":3600,"token_type":"Bearer"}"#)
            }
            router.get("openai/v1/video/generations/jobs/{id}") { request, _ in
                request.headers[.authorization] == "Bearer token-abc"
                    ? TestBodies.json(TestBodies.job(id: "task_1"))
                    : TestBodies.json(#"{"error":{"message":"unauthorized"}}"#, status: .unauthorized)
            }
        }) { base in
            let http = HTTPClientHolder()
            let configuration = try #require(
                try SoraClientConfiguration.fromEnvironment(
                    [
                        "AZURE_OPENAI_ENDPOINT": base, "AZURE_TENANT_ID": "tenant-1", "AZURE_CLIENT_ID": "app", "AZURE_CLIENT_SECRET": "s3cret",
                        "AZURE_AUTHORITY_HOST": base,
                    ],
                    httpClient: http.client
                )
            )
            let client = try SoraClient(configuration: configuration)
            _ = try await client.generator.job("task_1")
            _ = try await client.generator.job("task_1")
            try await client.shutdown()
            try await http.client.shutdown()
        }
        #expect(tokenCalls.count == 1, "the token is cached")
    }

    @Test func environmentChoosesTheAPI() throws {
        let http = HTTPClientHolder()
        defer { try? http.client.syncShutdown() }
        #expect(try SoraClientConfiguration.fromEnvironment([:], httpClient: http.client) == nil, "nothing set: the emulator")
        let azure = try #require(
            try SoraClientConfiguration.fromEnvironment(
                ["AZURE_OPENAI_ENDPOINT": "https://r.openai.azure.com/", "AZURE_OPENAI_API_KEY": "k"], httpClient: http.client))
        #expect(azure.endpoint.baseURL == "https://r.openai.azure.com/openai/v1")
        #expect(azure.endpoint.api == .azure && azure.endpoint.model == "sora")
        let openAI = try #require(try SoraClientConfiguration.fromEnvironment(["OPENAI_API_KEY": "k"], httpClient: http.client))
        #expect(openAI.endpoint.baseURL == "https://api.openai.com/v1" && openAI.endpoint.model == "sora-2")
        let flags = try #require(
            try SoraClientConfiguration.fromEnvironment(
                ["AZURE_OPENAI_ENDPOINT": "https://r.openai.azure.com", "AZURE_OPENAI_API_KEY": "k"],
                overrides: .init(api: .openai, model: "my-sora2-deployment"), httpClient: http.client
            )
        )
        #expect(flags.endpoint.api == .openai && flags.endpoint.model == "my-sora2-deployment")
        #expect(flags.endpoint.baseURL.hasPrefix("https://r.openai.azure.com"))
    }
}

/// A log handler that keeps every formatted line.
final class LogCapture: LogHandler, Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { self.lines.withLock { $0 } }
    func append(_ line: String) { self.lines.withLock { $0.append(line) } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        self.append("\(event.level) \(event.message) \(event.metadata ?? [:])")
    }
}

/// An HTTP client for the token endpoint, owned by the test.
struct HTTPClientHolder {
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
}
