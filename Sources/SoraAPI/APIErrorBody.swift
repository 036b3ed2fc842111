public import Foundation

/// An error answer from either API. OpenAI and Azure's v1 surface wrap it in
/// `{"error": {...}}`; Azure's video spec declares it flat. ``decode(_:)`` reads both.
public struct APIErrorBody: Codable, Hashable, Sendable {
    public var message: String
    public var type: String?
    public var param: String?
    public var code: String?
    public var innerError: InnerError?

    /// Azure's content-filter detail (`ResponsibleAIPolicyViolation`).
    public struct InnerError: Codable, Hashable, Sendable {
        public var code: String?
        public var revisedPrompt: String?

        public init(code: String?, revisedPrompt: String? = nil) {
            self.code = code
            self.revisedPrompt = revisedPrompt
        }

        enum CodingKeys: String, CodingKey {
            case code
            case revisedPrompt = "revised_prompt"
        }
    }

    public init(message: String, type: String? = nil, param: String? = nil, code: String? = nil, innerError: InnerError? = nil) {
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.innerError = innerError
    }

    enum CodingKeys: String, CodingKey {
        case message, type, param, code
        case innerError = "inner_error"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.message = try container.decodeIfPresent(String.self, forKey: .message) ?? ""
        self.type = try container.decodeIfPresent(String.self, forKey: .type)
        self.param = try container.decodeIfPresent(String.self, forKey: .param)
        // Some services send a numeric code.
        if let text = try? container.decodeIfPresent(String.self, forKey: .code) {
            self.code = text
        } else if let number = try? container.decodeIfPresent(Int.self, forKey: .code) {
            self.code = String(number)
        }
        self.innerError = try? container.decodeIfPresent(InnerError.self, forKey: .innerError)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.message, forKey: .message)
        try container.encode(self.type, forKey: .type)
        try container.encode(self.param, forKey: .param)
        try container.encode(self.code, forKey: .code)
        try container.encodeIfPresent(self.innerError, forKey: .innerError)
    }

    /// `{"error": {...}}`, the shape OpenAI and Azure's v1 front door send.
    public struct Envelope: Codable, Hashable, Sendable {
        public var error: APIErrorBody
        public init(error: APIErrorBody) { self.error = error }
    }

    /// Reads an error body in either shape; `nil` when `data` is neither (an HTML page, say).
    public static func decode(_ data: Data) -> APIErrorBody? {
        let decoder = JSONDecoder()
        if let envelope = try? decoder.decode(Envelope.self, from: data) {
            return envelope.error
        }
        if let flat = try? decoder.decode(APIErrorBody.self, from: data), !flat.message.isEmpty {
            return flat
        }
        return nil
    }
}
