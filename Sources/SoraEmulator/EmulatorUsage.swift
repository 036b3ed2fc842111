/// What the emulator has been asked to make, as a bill would count it, and how busy each
/// deployment got: served at `GET /emulator/stats` so tests and benchmarks can hold the
/// client's plans, budgets and caps against what the service saw.
public struct EmulatorUsage: Codable, Sendable {
    /// Jobs created (remixes included).
    public var jobsCreated = 0
    /// Seconds of video those jobs make: seconds x variants, summed.
    public var billedSeconds = 0
    /// The most jobs running at once, per model (deployment).
    public var peakRunning: [String: Int] = [:]

    mutating func record(model: String, seconds: Int, runningNow: Int) {
        self.jobsCreated += 1
        self.billedSeconds += seconds
        self.peakRunning[model] = max(self.peakRunning[model] ?? 0, runningNow)
    }

    enum CodingKeys: String, CodingKey {
        case jobsCreated = "jobs_created"
        case billedSeconds = "billed_seconds"
        case peakRunning = "peak_running"
    }
}
