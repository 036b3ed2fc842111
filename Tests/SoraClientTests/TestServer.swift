import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SoraAPI
import SoraClient
import Synchronization

/// A loopback HTTP server with routes a test writes, to play a hostile or flaky API.
/// It records each request's method, path and headers.
final class TestServer: Sendable {
    struct Seen: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
    }

    private let seen = Mutex<[Seen]>([])

    var requests: [Seen] { self.seen.withLock { $0 } }

    func record(_ request: Request) {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        self.seen.withLock { $0.append(Seen(method: request.method.rawValue, path: request.uri.path, headers: headers)) }
    }

    /// Runs the server on a free loopback port for the duration of `body`.
    func run<T: Sendable>(
        _ routes: (Router<BasicRequestContext>, TestServer) -> Void,
        _ body: @Sendable (_ baseURL: String) async throws -> T
    ) async throws -> T {
        let router = Router()
        router.middlewares.add(RecordingMiddleware(server: self))
        routes(router, self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: Logger(label: "test-server"))
        return try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(client.port ?? 0)")
        }
    }
}

private struct RecordingMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let server: TestServer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        self.server.record(request)
        return try await next(request, context)
    }
}

/// JSON bodies for the test routes.
enum TestBodies {
    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func job(id: String, status: String = "succeeded", generations: [String] = ["gen_1"], prompt: String = "p") -> String {
        let gens = generations.map {
            #"{"object":"video.generation","id":"\#($0)","job_id":"\#(id)","created_at":1,"width":480,"height":480,"n_seconds":1,"prompt":"\#(prompt)"}"#
        }.joined(separator: ",")
        return
            #"{"object":"video.generation.job","id":"\#(id)","status":"\#(status)","created_at":1,"generations":[\#(gens)],"prompt":"\#(prompt)","model":"sora","n_variants":1,"n_seconds":1,"height":480,"width":480}"#
    }
}

extension SoraClient {
    /// A client for the Sora 1 API at `baseURL` with a test key and quick retries.
    static func forTest(
        _ baseURL: String,
        key: String = "sk-test-SECRET-123",
        api: VideoAPI = .azure,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 4, initialDelay: 0.01, maxDelay: 0.05, budget: 2),
        maxDownloadBytes: Int64 = 1 << 20,
        logger: Logger = Logger(label: "test")
    ) throws -> SoraClient {
        try SoraClient(
            configuration: SoraClientConfiguration(
                endpoint: SoraEndpoint(api: api, baseURL: baseURL + "/openai/v1", apiVersion: "preview", credential: .apiKey(key), model: "sora"),
                retry: retry, requestTimeout: .seconds(10), downloadTimeout: .seconds(10), maxDownloadBytes: maxDownloadBytes,
                initialPollInterval: 0.01, maxPollInterval: 0.05, createSettleTime: 0.1
            ),
            logger: logger
        )
    }
}

extension SoraClient {
    /// Runs `body` with a ``forTest(_:key:api:retry:maxDownloadBytes:logger:)`` client, shutting it down after.
    static func withTestClient<T: Sendable>(
        _ baseURL: String,
        key: String = "sk-test-SECRET-123",
        api: VideoAPI = .azure,
        retry: RetryPolicy = RetryPolicy(maxAttempts: 4, initialDelay: 0.01, maxDelay: 0.05, budget: 2),
        maxDownloadBytes: Int64 = 1 << 20,
        logger: Logger = Logger(label: "test"),
        _ body: (SoraClient) async throws -> T
    ) async throws -> T {
        let client = try SoraClient.forTest(baseURL, key: key, api: api, retry: retry, maxDownloadBytes: maxDownloadBytes, logger: logger)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
