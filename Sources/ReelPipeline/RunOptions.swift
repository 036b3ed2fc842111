public import SoraAPI
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
    /// Limits that replace the storyboard's (`--max-cost`, `--max-seconds`); `nil` keeps them.
    public var budget: Budget?
    /// Prices that override the storyboard's and the known ones (`--prices FILE`).
    public var prices: PriceTable
    /// Shots whose lost create may be sent again although it may have made a job (`--recreate`).
    public var recreate: Set<String>

    public init(
        output: String, maxRunning: Int = 2, fresh: Bool = false, shotTimeout: Duration = .seconds(1800), budget: Budget? = nil,
        prices: PriceTable = PriceTable([]), recreate: Set<String> = []
    ) {
        self.output = output
        self.maxRunning = maxRunning
        self.fresh = fresh
        self.shotTimeout = shotTimeout
        self.budget = budget
        self.prices = prices
        self.recreate = recreate
    }
}

/// Gives the runner a client for a shot's API and model.
public protocol ClientSource: Sendable {
    func client(for api: VideoAPI, model: String) async throws -> SoraClient
}
