public import SoraAPI

/// An error talking to a Sora API: what failed, the HTTP status when there was one, the
/// service's own error body, and the request id to quote to support.
///
/// Never contains a key or token: headers are not copied into errors.
public struct SoraAPIError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable reason. Open: new codes may be added.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { self.rawValue }

        /// The service answered with an error status.
        public static let http = Code(rawValue: "http")
        /// The request was refused locally before sending (size, duration, variants...).
        public static let invalidRequest = Code(rawValue: "invalid_request")
        /// No connection could be made: the request never reached the service.
        public static let connection = Code(rawValue: "connection")
        /// The request may have reached the service, but its answer was lost: the connection
        /// closed or timed out before a complete answer came.
        public static let connectionLost = Code(rawValue: "connection_lost")
        /// Whether a create made a job is not known and cannot be found out (the answer was lost
        /// and the service offers no job list): nothing is sent again.
        public static let outcomeUnknown = Code(rawValue: "outcome_unknown")
        /// The service does not offer the operation (no job list on some gateways).
        public static let unsupported = Code(rawValue: "unsupported")
        /// The answer was not what the API sends (HTML, bad JSON, an unsafe id).
        public static let badResponse = Code(rawValue: "bad_response")
        /// A job ended in failure.
        public static let jobFailed = Code(rawValue: "job_failed")
        /// A job or its outputs expired.
        public static let expired = Code(rawValue: "expired")
        /// A wait ran past its deadline.
        public static let timedOut = Code(rawValue: "timed_out")
        /// A download failed or was refused (size cap, short body).
        public static let download = Code(rawValue: "download")
        /// No credentials, or they could not be obtained.
        public static let authentication = Code(rawValue: "authentication")
        /// The server redirected to another origin with credentials attached.
        public static let redirect = Code(rawValue: "redirect")
    }

    public var code: Code
    public var message: String
    /// The HTTP status, when the service answered.
    public var status: Int?
    /// The service's error body, in either shape.
    public var body: APIErrorBody?
    /// `apim-request-id` or `x-request-id`.
    public var requestID: String?
    /// Seconds the service asked to wait before retrying (`Retry-After`, `retry-after-ms`).
    public var retryAfter: Double?

    public init(
        _ code: Code, _ message: String, status: Int? = nil, body: APIErrorBody? = nil, requestID: String? = nil,
        retryAfter: Double? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.body = body
        self.requestID = requestID
        self.retryAfter = retryAfter
    }

    public var description: String {
        var text = self.message
        if let status { text = "HTTP \(status): " + text }
        if let requestID { text += " (request id \(requestID))" }
        return text
    }

    /// Whether a retry may succeed: connection trouble, 408, 409, 429 and 5xx other than 501
    /// and 505 (which say the service does not do this at all). Only requests that may be
    /// repeated act on it; a create never does (see ``mayHaveActed``).
    public var isTransient: Bool {
        if self.code == .connection || self.code == .connectionLost { return true }
        guard self.code == .http, let status else { return false }
        return status == 408 || status == 409 || status == 429 || ((500...599).contains(status) && status != 501 && status != 505)
    }

    /// Whether a request that creates something may have done so although it failed: its
    /// answer was lost or cut (``Code/connectionLost``), unreadable (``Code/badResponse``), or a
    /// 5xx other than 501 and 505. A 4xx (400, 401, 403, 404, 409, 422, 429...) or a connection
    /// never made means nothing was created.
    public var mayHaveActed: Bool {
        switch self.code {
        case .connectionLost, .badResponse: return true
        case .http:
            guard let status else { return false }
            return (500...599).contains(status) && status != 501 && status != 505
        default: return false
        }
    }

    /// Azure's "too many running tasks": back-pressure, not failure.
    public var isTooManyRunningTasks: Bool {
        self.status == 429 && (self.body?.message ?? self.message).lowercased().contains("running task")
    }
}
