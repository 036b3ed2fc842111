public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Entra ID tokens from the Azure CLI: `az account get-access-token --resource RESOURCE`.
public struct AzureCLITokenProvider: TokenProvider {
    private let cache: TokenCache

    /// - Parameter resource: the resource the token is for (Azure OpenAI's by default).
    public init(resource: String = "https://cognitiveservices.azure.com") {
        self.cache = TokenCache {
            let output = try await Self.run(["az", "account", "get-access-token", "--resource", resource, "--output", "json"])
            struct Answer: Decodable {
                var accessToken: String
                var expires_on: Double?
                var expiresOn: String?
            }
            guard let answer = try? JSONDecoder().decode(Answer.self, from: output) else {
                throw SoraAPIError(.authentication, "the Azure CLI did not return a token (run `az login`)")
            }
            return (answer.accessToken, answer.expires_on ?? Date().timeIntervalSince1970 + 3000)
        }
    }

    public func token() async throws -> String {
        try await self.cache.token(now: Date().timeIntervalSince1970)
    }

    private static func run(_ arguments: [String]) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            let output = Pipe()
            process.standardOutput = output
            process.standardError = Pipe()
            process.terminationHandler = { process in
                let data = output.fileHandleForReading.readDataToEndOfFile()
                if process.terminationStatus == 0 {
                    continuation.resume(returning: data)
                } else {
                    continuation.resume(
                        throwing: SoraAPIError(.authentication, "`az account get-access-token` failed (exit \(process.terminationStatus)); run `az login`"))
                }
            }
            do {
                try process.run()
            } catch {
                continuation.resume(throwing: SoraAPIError(.authentication, "cannot run the Azure CLI (`az`): \(error.localizedDescription)"))
            }
        }
    }
}

/// Entra ID tokens for a service principal (client credentials grant), from
/// `AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and `AZURE_CLIENT_SECRET`.
public struct ClientCredentialsTokenProvider: TokenProvider {
    private let cache: TokenCache

    /// - Parameters:
    ///   - authorityHost: `https://login.microsoftonline.com` unless a sovereign cloud needs another.
    ///   - scope: the token scope (Azure OpenAI's by default).
    public init(
        tenantID: String,
        clientID: String,
        clientSecret: String,
        authorityHost: String = "https://login.microsoftonline.com",
        scope: String = "https://cognitiveservices.azure.com/.default",
        httpClient: HTTPClient
    ) {
        self.cache = TokenCache {
            var request = HTTPClientRequest(url: "\(authorityHost.trimmingSuffix("/"))/\(tenantID)/oauth2/v2.0/token")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            let form = [
                ("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", clientSecret), ("scope", scope),
            ].map { "\($0.0)=\(formEncode($0.1))" }.joined(separator: "&")
            request.body = .bytes(ByteBuffer(string: form))
            let response = try await httpClient.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            struct Answer: Decodable {
                var access_token: String
                var expires_in: Double
            }
            guard response.status.code == 200, let answer = try? JSONDecoder().decode(Answer.self, from: body) else {
                throw SoraAPIError(.authentication, "Entra ID refused the client credentials (HTTP \(response.status.code))", status: Int(response.status.code))
            }
            return (answer.access_token, Date().timeIntervalSince1970 + answer.expires_in)
        }
    }

    public func token() async throws -> String {
        try await self.cache.token(now: Date().timeIntervalSince1970)
    }
}

private func formEncode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}
