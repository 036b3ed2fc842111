/// The two API shapes SoraReel speaks, and what each generates when a request leaves a field out.
public enum VideoAPI: String, Sendable, Hashable, CaseIterable, Codable {
    /// Azure OpenAI's preview video generation jobs (Sora 1): `/video/generations/jobs`.
    case azure
    /// The Videos API (`/v1/videos`): Sora 2 on OpenAI and Azure, and gateways (a LiteLLM proxy)
    /// in front of other models.
    case openai

    /// The model asked for when none is named (on Azure, the deployment name).
    public var defaultModel: String {
        switch self {
        case .azure: "sora"
        case .openai: "sora-2"
        }
    }

    /// The size asked for when none is named.
    public var defaultSize: VideoSize {
        switch self {
        case .azure: VideoSize(width: 480, height: 480)
        case .openai: VideoSize(width: 720, height: 1280)
        }
    }

    /// The length asked for when none is named, in seconds.
    public var defaultSeconds: Int {
        switch self {
        case .azure: 5
        case .openai: 4
        }
    }
}
