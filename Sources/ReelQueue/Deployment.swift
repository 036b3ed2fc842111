public import SoraAPI

/// One deployment a worker may send shots to: where it is, how requests authenticate, the
/// model it serves, and the limits that hold across every worker (kept in the database).
public struct Deployment: Sendable, Hashable, Codable {
    /// Entra ID (Azure AD) client-credential settings; the secret is read from the environment.
    public struct Entra: Sendable, Hashable, Codable {
        public var tenantID: String
        public var clientID: String
        /// The name of the environment variable holding the client secret.
        public var clientSecretEnv: String

        public init(tenantID: String, clientID: String, clientSecretEnv: String) {
            self.tenantID = tenantID
            self.clientID = clientID
            self.clientSecretEnv = clientSecretEnv
        }

        enum CodingKeys: String, CodingKey {
            case tenantID = "tenant_id"
            case clientID = "client_id"
            case clientSecretEnv = "client_secret_env"
        }
    }

    /// Unique across the queue: workers that list the same name share its caps.
    public var name: String
    public var api: VideoAPI
    /// The resource's base URL (Azure: `https://NAME.openai.azure.com`; OpenAI-style: the `/v1` base).
    public var endpoint: String
    /// The name of the environment variable holding the key (never the key itself).
    public var keyEnv: String?
    /// The name of the environment variable holding a bearer token (`AZURE_OPENAI_AD_TOKEN`-like).
    public var tokenEnv: String?
    public var entra: Entra?
    /// The model it serves (on Azure, the deployment name sent as `model`).
    public var model: String
    /// Jobs running at once on it, across all workers (Azure: 2).
    public var maxRunning: Int
    /// Creates accepted per minute, across all workers (Azure: 60).
    public var requestsPerMinute: Int

    public init(
        name: String, api: VideoAPI, endpoint: String, keyEnv: String? = nil, tokenEnv: String? = nil, entra: Entra? = nil,
        model: String, maxRunning: Int = 2, requestsPerMinute: Int = 60
    ) {
        self.name = name
        self.api = api
        self.endpoint = endpoint
        self.keyEnv = keyEnv
        self.tokenEnv = tokenEnv
        self.entra = entra
        self.model = model
        self.maxRunning = maxRunning
        self.requestsPerMinute = requestsPerMinute
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.name = try container.decode(String.self, forKey: .name)
        self.api = try container.decodeIfPresent(VideoAPI.self, forKey: .api) ?? .azure
        self.endpoint = try container.decode(String.self, forKey: .endpoint)
        self.keyEnv = try container.decodeIfPresent(String.self, forKey: .keyEnv)
        self.tokenEnv = try container.decodeIfPresent(String.self, forKey: .tokenEnv)
        self.entra = try container.decodeIfPresent(Entra.self, forKey: .entra)
        self.model = try container.decodeIfPresent(String.self, forKey: .model) ?? (self.api == .azure ? "sora" : "sora-2")
        self.maxRunning = try container.decodeIfPresent(Int.self, forKey: .maxRunning) ?? 2
        self.requestsPerMinute = try container.decodeIfPresent(Int.self, forKey: .requestsPerMinute) ?? 60
    }

    enum CodingKeys: String, CodingKey {
        case name, api, endpoint, entra, model
        case keyEnv = "key_env"
        case tokenEnv = "token_env"
        case maxRunning = "max_running"
        case requestsPerMinute = "requests_per_minute"
    }
}
