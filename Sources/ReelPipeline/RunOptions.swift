public import SoraClient

/// How a storyboard runs.
public struct RunOptions: Sendable {
    /// The output folder: clips, previews, reel, manifest, report and journal.
    public var output: String
    /// Jobs running at once (default: the API's limit of 2).
    public var maxRunning: Int
    /// Forget the journal and start over (jobs already created are not reused).
    public var fresh: Bool
    /// How long one shot may take from creation to a downloaded clip.
    public var shotTimeout: Duration

    public init(output: String, maxRunning: Int = 2, fresh: Bool = false, shotTimeout: Duration = .seconds(1800)) {
        self.output = output
        self.maxRunning = maxRunning
        self.fresh = fresh
        self.shotTimeout = shotTimeout
    }
}

/// Gives the runner a client for a shot's API and model.
public protocol ClientSource: Sendable {
    func client(for api: SoraEndpoint.API, model: String) async throws -> SoraClient
}
