public import SoraAPI

/// Where and how to reach one Sora API.
public struct SoraEndpoint: Sendable {
    public var api: VideoAPI
    /// The API root: `https://RESOURCE.openai.azure.com/openai/v1` or `https://api.openai.com/v1`.
    public var baseURL: String
    /// Azure's `api-version` query value (`preview`), or `nil` to send none.
    public var apiVersion: String?
    public var credential: Credential
    /// The model, or on Azure the deployment name.
    public var model: String

    public init(api: VideoAPI, baseURL: String, apiVersion: String? = nil, credential: Credential, model: String) {
        self.api = api
        self.baseURL = baseURL.trimmingSuffix("/")
        self.apiVersion = apiVersion
        self.credential = credential
        self.model = model
    }
}
