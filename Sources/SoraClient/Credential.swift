/// How requests authenticate. The secret never leaves this type except as a header value.
public enum Credential: Sendable {
    /// Azure's `api-key` header.
    case apiKey(String)
    /// `Authorization: Bearer` with a fixed key (OpenAI) or token.
    case bearer(String)
    /// `Authorization: Bearer` with tokens from a provider (Entra ID), refreshed before expiry.
    case tokens(any TokenProvider)

    /// The header to send.
    func header() async throws -> (name: String, value: String) {
        switch self {
        case .apiKey(let key): ("api-key", key)
        case .bearer(let token): ("Authorization", "Bearer \(token)")
        case .tokens(let provider): ("Authorization", "Bearer \(try await provider.token())")
        }
    }

    /// Names of headers whose values must never be shown.
    static let secretHeaders: Set<String> = ["api-key", "authorization"]
}

/// A source of bearer tokens, cached and refreshed by the implementation.
public protocol TokenProvider: Sendable {
    func token() async throws -> String
}
