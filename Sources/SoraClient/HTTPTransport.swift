import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import SoraAPI

/// Sends requests to one API origin: adds credentials, retries what may succeed on a second
/// try, follows redirects only within the origin, and turns failures into ``SoraAPIError``.
/// Nothing it logs or throws contains a credential.
final class HTTPTransport: Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
    }

    /// A request body: bytes and their content type.
    struct Body: Sendable {
        var bytes: Data
        var contentType: String

        static func json(_ value: some Encodable) throws -> Body {
            Body(bytes: try JSONEncoder().encode(value), contentType: "application/json")
        }
    }

    let client: HTTPClient
    let endpoint: SoraEndpoint
    let retry: RetryPolicy
    let requestTimeout: TimeAmount
    let logger: Logger
    /// Told of each retry, in words (the command line prints these on stderr).
    let notify: @Sendable (String) -> Void
    let origin: Origin
    /// What AsyncHTTPClient itself logs: its connection-pool detail only at `trace`, so that
    /// `--verbose` shows requests, not event-loop bookkeeping.
    private let clientLogger: Logger

    init(
        client: HTTPClient, endpoint: SoraEndpoint, retry: RetryPolicy, requestTimeout: TimeAmount, logger: Logger,
        notify: @escaping @Sendable (String) -> Void = { _ in }
    ) throws {
        guard let origin = Origin(endpoint.baseURL) else {
            throw SoraAPIError(.invalidRequest, "endpoint URL \(endpoint.baseURL) is not an http(s) URL")
        }
        self.client = client
        self.endpoint = endpoint
        self.retry = retry
        self.requestTimeout = requestTimeout
        self.logger = logger
        self.notify = notify
        self.origin = origin
        var clientLogger = logger
        clientLogger.logLevel = max(logger.logLevel, .info)
        self.clientLogger = clientLogger
    }

    /// The full URL of `path` below the API root, with `api-version` when configured.
    func url(_ path: String, query: [(String, String)] = []) -> String {
        var items = query
        if let version = self.endpoint.apiVersion { items.append(("api-version", version)) }
        let encoded = items.map { "\($0.0)=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        return self.endpoint.baseURL + path + (encoded.isEmpty ? "" : "?" + encoded)
    }

    /// Sends a request and returns a 2xx response with its body. A request that may be repeated
    /// (GET, HEAD, DELETE) is retried after transient failures; a POST is sent once, since it
    /// may create something: its caller decides what a failure means (see `SoraClient.create`).
    /// - Parameter goneStatus: a status that, on a retry, means an earlier attempt already did
    ///   the work (404 for a DELETE whose first answer was lost).
    func send(
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String)] = [],
        body: Body? = nil,
        accept: String = "application/json",
        retry: RetryPolicy? = nil,
        doneOnRetryIf goneStatus: Int? = nil
    ) async throws -> Response {
        let policy = Self.mayRepeat(method) ? retry ?? self.retry : .none
        var attempts = 0
        return try await self.withRetries(policy, "\(method) \(path)") {
            attempts += 1
            let response = try await self.execute(method, self.url(path, query: query), body: body, headers: ["Accept": accept])
            let data = try await self.collect(response, limit: 32 << 20, request: "\(method) \(path)")
            let status = Int(response.status.code)
            // A DELETE whose answer was lost and that now finds nothing had done its work.
            if attempts > 1, status == goneStatus {
                return Response(status: 204, headers: [:], body: Data())
            }
            guard (200..<300).contains(status) else {
                throw self.error(status: status, headers: response.headers, body: data, request: "\(method) \(path)")
            }
            return Response(status: status, headers: response.headers, body: data)
        }
    }

    /// Follows a job list's pages (`limit`, `after`) until `limit` items or the last page.
    /// - Parameters:
    ///   - pageSize: the most the service gives in one page.
    ///   - page: one page's items, whether more follow, and the cursor of the next page.
    func listAll<Page: Decodable, Item>(
        _ path: String, limit: Int, pageSize: Int, query extra: [(String, String)] = [], as _: Page.Type,
        _ page: (Page) throws -> (items: [Item], hasMore: Bool, lastID: String?)
    ) async throws -> [Item] {
        var result: [Item] = []
        var after: String?
        while result.count < limit {
            var query = [("limit", String(min(pageSize, limit - result.count)))] + extra
            if let after { query.append(("after", after)) }
            let response = try await self.sendListing(path, query: query)
            let (items, hasMore, lastID) = try page(try self.decode(Page.self, from: response, request: "GET \(path)"))
            result += items
            guard hasMore, let last = lastID, last != after else { break }
            after = last
        }
        return result
    }

    /// GETs a job list. A service that has none (404, 405, 501: some gateways) is told apart
    /// from a failure, since what a lost create answer allows depends on it.
    func sendListing(_ path: String, query: [(String, String)]) async throws -> Response {
        do {
            return try await self.send(.GET, path, query: query)
        } catch let error as SoraAPIError where [400, 404, 405, 422, 501].contains(error.status ?? 0) {
            throw SoraAPIError(
                .unsupported, "GET \(path): this service offers no job list", status: error.status,
                body: error.body, requestID: error.requestID
            )
        }
    }

    /// Whether sending `method` twice has the effect of sending it once (RFC 9110's idempotent methods).
    static func mayRepeat(_ method: HTTPMethod) -> Bool {
        [.GET, .HEAD, .DELETE, .PUT, .OPTIONS].contains(method)
    }

    /// Decodes a JSON answer, or explains what came instead (an HTML page, say).
    func decode<T: Decodable>(_ type: T.Type, from response: Response, request: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: response.body)
        } catch {
            let contentType = response.headers.first(name: "content-type") ?? "no content type"
            let sample = String(decoding: response.body.prefix(60), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: " ")
            throw SoraAPIError(
                .badResponse,
                "\(request) answered \(contentType) that is not the expected JSON: \"\(sample)\"",
                status: response.status,
                requestID: Self.requestID(response.headers)
            )
        }
    }

    /// Runs `body` until it succeeds, fails with a non-transient error, or the policy is spent
    /// (in attempts, in seconds waited, or in seconds since the first attempt). Each retry is announced
    /// through ``notify``, with the reason and the wait, so a retrying command is never silent.
    func withRetries<T: Sendable>(
        _ policy: RetryPolicy,
        _ what: String,
        onRetry: (SoraAPIError) -> Void = { _ in },
        _ body: () async throws -> T
    ) async throws -> T {
        let started = ContinuousClock.now
        var attempt = 0
        var waited = 0.0
        while true {
            attempt += 1
            do {
                return try await body()
            } catch let error as SoraAPIError where error.isTransient {
                let delay = policy.delay(afterAttempt: attempt, serverHint: error.retryAfter)
                let elapsed = (ContinuousClock.now - started).seconds
                guard policy.allowsRetry(after: attempt, delay: delay, waited: waited, elapsed: elapsed) else {
                    guard attempt > 1 else { throw error }
                    var final = error
                    final.message += " (gave up after \(attempt) tries in \(Int(elapsed.rounded())) s)"
                    throw final
                }
                onRetry(error)
                self.notify("\(error.description); trying again in \(String(format: "%.1f", delay)) s (\(attempt + 1) of \(policy.maxAttempts))")
                try await Task.sleep(for: .seconds(delay))
                waited += delay
            }
        }
    }

    /// Runs `attempt` on `url`, and again on where each answer redirects within the origin, at
    /// most five times: the one redirect loop, for calls and downloads alike.
    /// - Parameters:
    ///   - head: an attempt's status and headers.
    ///   - discard: drops a redirecting answer's body before the next attempt.
    func followingRedirects<R>(
        _ method: HTTPMethod,
        from url: String,
        head: (R) -> (status: Int, headers: HTTPHeaders),
        discard: (R) async -> Void = { _ in },
        _ attempt: (String) async throws -> R
    ) async throws -> R {
        var target = url
        for _ in 0..<5 {
            let answer = try await attempt(target)
            let (status, headers) = head(answer)
            guard let next = try self.redirectTarget(status, headers, from: target, method: method) else { return answer }
            await discard(answer)
            target = next
        }
        throw SoraAPIError(.redirect, "\(method) \(self.apiPath(url)): too many redirects")
    }

    /// One request, redirects within the origin followed; the response body is not read yet.
    func execute(
        _ method: HTTPMethod,
        _ url: String,
        body: Body?,
        headers: [String: String],
        timeout: TimeAmount? = nil
    ) async throws -> HTTPClientResponse {
        try await self.followingRedirects(
            method, from: url, head: { (Int($0.status.code), $0.headers) }, discard: { _ = try? await $0.body.collect(upTo: 1 << 16) }
        ) { target in
            var request = HTTPClientRequest(url: target)
            request.method = method
            request.headers = try await self.headers(headers)
            if let body {
                request.headers.add(name: "Content-Type", value: body.contentType)
                request.body = .bytes(ByteBuffer(data: body.bytes))
            }
            let response: HTTPClientResponse
            do {
                response = try await self.client.execute(request, timeout: timeout ?? self.requestTimeout, logger: self.clientLogger)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw self.connectionError(error, request: "\(method) \(self.apiPath(target))", timeout: timeout ?? self.requestTimeout)
            }
            self.logger.debug(
                "response",
                metadata: [
                    "request": "\(method) \(self.apiPath(target))", "status": "\(response.status.code)",
                    "request_id": "\(Self.requestID(response.headers) ?? "-")",
                ]
            )
            return response
        }
    }

    /// Sends one GET whose answer `delegate` takes on the event loop as it arrives (a download:
    /// see ``FileBodyDelegate``). Redirects are the caller's, through ``redirectTarget(_:_:from:method:)``.
    func execute<Delegate: HTTPClientResponseDelegate & Sendable>(
        get url: String,
        headers: [String: String],
        timeout: TimeAmount,
        delegate: Delegate
    ) async throws -> Delegate.Response {
        let request: HTTPClient.Request
        do {
            request = try HTTPClient.Request(url: url, method: .GET, headers: try await self.headers(headers))
        } catch let error as SoraAPIError {
            throw error
        } catch {
            throw SoraAPIError(.invalidRequest, "GET \(Self.pathOnly(url)): the download URL is not valid")
        }
        let task = self.client.execute(request: request, delegate: delegate, deadline: .now() + timeout, logger: self.clientLogger)
        return try await withTaskCancellationHandler {
            try await task.futureResult.get()
        } onCancel: {
            task.cancel()
        }
    }

    /// Where a 3xx answer leads when it stays within the origin; `nil` for any other answer.
    /// - Throws: ``SoraAPIError`` when it leads elsewhere: credentials never follow it.
    func redirectTarget(_ status: Int, _ headers: HTTPHeaders, from target: String, method: HTTPMethod) throws -> String? {
        guard (300..<400).contains(status), let location = headers.first(name: "location") else { return nil }
        guard let next = Origin.resolve(location, against: target), Origin(next) == self.origin else {
            throw SoraAPIError(
                .redirect,
                "\(method) \(Self.pathOnly(target)) redirected to another origin; not following it with credentials",
                status: status,
                requestID: Self.requestID(headers)
            )
        }
        return next
    }

    /// The credential, the user agent and `extra`.
    private func headers(_ extra: [String: String]) async throws -> HTTPHeaders {
        var headers = HTTPHeaders()
        let credential = try await self.endpoint.credential.header()
        headers.add(name: credential.name, value: credential.value)
        headers.add(name: "User-Agent", value: "sorareel/0.1")
        for (name, value) in extra { headers.add(name: name, value: value) }
        return headers
    }

    func collect(_ response: HTTPClientResponse, limit: Int, request: String) async throws -> Data {
        do {
            return Data(buffer: try await response.body.collect(upTo: limit))
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as NIOTooManyBytesError {
            throw SoraAPIError(.badResponse, "\(request): the answer is larger than \(error.maxBytes ?? limit) bytes", status: Int(response.status.code))
        } catch {
            // The status line arrived, the body did not: the service acted, whatever it said.
            var failure = self.connectionError(error, request: request, timeout: self.requestTimeout)
            failure.code = .connectionLost
            throw failure
        }
    }

    /// A failed exchange as a ``SoraAPIError``: ``SoraAPIError/Code/connection`` when the request
    /// cannot have reached the service, ``SoraAPIError/Code/connectionLost`` when it may have.
    func connectionError(_ error: any Error, request: String, timeout: TimeAmount) -> SoraAPIError {
        let failure = ConnectionFailure(error, origin: self.origin, timeout: timeout)
        return SoraAPIError(failure.mayHaveArrived ? .connectionLost : .connection, "\(request): \(failure.reason)")
    }

    func error(status: Int, headers: HTTPHeaders, body: Data, request: String) -> SoraAPIError {
        let decoded = APIErrorBody.decode(body)
        // The service's own words, on one line.
        let message = (decoded?.message ?? Self.describeBody(body, headers: headers))
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return SoraAPIError(
            .http,
            "\(request): \(message)",
            status: status,
            body: decoded,
            requestID: Self.requestID(headers),
            retryAfter: Self.retryAfter(headers)
        )
    }

    static func requestID(_ headers: HTTPHeaders) -> String? {
        headers.first(name: "apim-request-id") ?? headers.first(name: "x-request-id")
    }

    /// `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or an HTTP date), in seconds.
    static func retryAfter(_ headers: HTTPHeaders) -> Double? {
        for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
            if let value = headers.first(name: name).flatMap(Double.init), value >= 0 { return value / 1000 }
        }
        guard let value = headers.first(name: "retry-after") else { return nil }
        if let seconds = Double(value), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }

    private static func describeBody(_ body: Data, headers: HTTPHeaders) -> String {
        let contentType = headers.first(name: "content-type") ?? ""
        if body.isEmpty { return "no error details" }
        if contentType.contains("html") || body.first == UInt8(ascii: "<") { return "an HTML page instead of an API error" }
        return "unreadable error body"
    }

    /// The path of a URL below the API root (`/videos/x`), as messages name requests.
    func apiPath(_ url: String) -> String {
        let path = Self.pathOnly(url)
        let root = Self.pathOnly(self.endpoint.baseURL)
        return root.count > 1 && path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    /// The path of a URL without its query, for messages.
    static func pathOnly(_ url: String) -> String {
        let withoutQuery = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        return URL(string: withoutQuery)?.path ?? withoutQuery
    }

    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~,")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Scheme, host and port: the unit within which credentials may travel.
struct Origin: Hashable, Sendable {
    var scheme: String
    var host: String
    var port: Int

    init?(_ url: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host?.lowercased(), !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = host
        self.port = components.port ?? (scheme == "https" ? 443 : 80)
    }

    static func resolve(_ location: String, against base: String) -> String? {
        URL(string: location, relativeTo: URL(string: base))?.absoluteURL.absoluteString
    }
}
