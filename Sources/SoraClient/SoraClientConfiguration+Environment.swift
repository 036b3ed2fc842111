public import AsyncHTTPClient
public import Foundation
public import SoraAPI

extension SoraClientConfiguration {
    /// What the environment configures, with flags taking precedence.
    public struct Overrides: Sendable {
        public var api: VideoAPI?
        public var endpoint: String?
        public var apiKey: String?
        public var model: String?

        public init(api: VideoAPI? = nil, endpoint: String? = nil, apiKey: String? = nil, model: String? = nil) {
            self.api = api
            self.endpoint = endpoint
            self.apiKey = apiKey
            self.model = model
        }
    }

    /// Reads `AZURE_OPENAI_ENDPOINT`, `AZURE_OPENAI_API_KEY`, `AZURE_OPENAI_AD_TOKEN`,
    /// `AZURE_TENANT_ID`/`AZURE_CLIENT_ID`/`AZURE_CLIENT_SECRET` (with `AZURE_AUTHORITY_HOST`),
    /// the Azure CLI, `OPENAI_API_KEY` and `OPENAI_BASE_URL`.
    ///
    /// - Returns: `nil` when nothing is configured: callers then use the built-in emulator.
    /// - Throws: ``SoraAPIError`` when an endpoint is set but no credential can be found.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        overrides: Overrides = Overrides(),
        httpClient: HTTPClient = .shared
    ) throws -> SoraClientConfiguration? {
        let value = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        // A key set to nothing is a mistake to name, not a reason to fall back to another credential
        // (or, with nothing else configured, to the emulator).
        for name in ["AZURE_OPENAI_API_KEY", "OPENAI_API_KEY"] where overrides.apiKey == nil {
            if let raw = environment[name], raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw SoraAPIError(
                    .authentication,
                    name == "OPENAI_API_KEY"
                        ? "OPENAI_API_KEY is set but empty: give the key, or unset it"
                        : "AZURE_OPENAI_API_KEY is set but empty: give the key, or unset it to use an Entra ID token or `az login`"
                )
            }
        }
        let openAIKey = overrides.apiKey ?? value("OPENAI_API_KEY")
        func openAI(_ key: String) -> SoraClientConfiguration {
            SoraClientConfiguration(
                endpoint: SoraEndpoint(
                    api: .openai, baseURL: overrides.endpoint ?? value("OPENAI_BASE_URL") ?? "https://api.openai.com/v1",
                    credential: .bearer(key), model: overrides.model ?? "sora-2"
                )
            )
        }
        if overrides.api == .openai, value("AZURE_OPENAI_ENDPOINT") == nil || value("OPENAI_API_KEY") != nil, let openAIKey {
            return openAI(openAIKey)
        }
        if let azureEndpoint = overrides.endpoint ?? value("AZURE_OPENAI_ENDPOINT") {
            let api = overrides.api ?? .azure
            let credential: Credential
            if let key = overrides.apiKey ?? value("AZURE_OPENAI_API_KEY") {
                credential = .apiKey(key)
            } else if let token = value("AZURE_OPENAI_AD_TOKEN") {
                credential = .bearer(token)
            } else if let tenant = value("AZURE_TENANT_ID"), let client = value("AZURE_CLIENT_ID"), let secret = value("AZURE_CLIENT_SECRET") {
                credential = .tokens(
                    ClientCredentialsTokenProvider(
                        tenantID: tenant, clientID: client, clientSecret: secret,
                        authorityHost: value("AZURE_AUTHORITY_HOST") ?? "https://login.microsoftonline.com", httpClient: httpClient
                    )
                )
            } else {
                credential = .tokens(AzureCLITokenProvider())
            }
            var base = azureEndpoint.trimmingSuffix("/")
            if !base.hasSuffix("/openai/v1") { base += "/openai/v1" }
            return SoraClientConfiguration(
                endpoint: SoraEndpoint(
                    api: api, baseURL: base, apiVersion: "preview", credential: credential,
                    model: overrides.model ?? (api == .azure ? "sora" : "sora-2")
                )
            )
        }
        if let openAIKey {
            return openAI(openAIKey)
        }
        return nil
    }
}
