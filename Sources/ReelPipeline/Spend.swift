import Foundation

/// What jobs bill: how many, their seconds of video (seconds x variants), and the estimated
/// charge of those whose model has a known price.
public struct Spend: Codable, Sendable, Hashable {
    public var jobs: Int
    public var billedSeconds: Int
    /// The estimated charge of the priced jobs, in US dollars.
    public var usd: Double
    /// Jobs whose model has no known price: their seconds count, their charge cannot.
    public var unpricedJobs: Int

    public init(jobs: Int = 0, billedSeconds: Int = 0, usd: Double = 0, unpricedJobs: Int = 0) {
        self.jobs = jobs
        self.billedSeconds = billedSeconds
        self.usd = usd
        self.unpricedJobs = unpricedJobs
    }

    /// One job of `seconds` x `variants`, at `price` per second of video when known.
    public init(seconds: Int, variants: Int, price: Price?) {
        let billed = seconds * variants
        // To the millionth of a dollar, so that sums of the same charges compare equal.
        let usd = price.map { ($0.usdPerSecond * Double(billed) * 1e6).rounded() / 1e6 } ?? 0
        self.init(jobs: 1, billedSeconds: billed, usd: usd, unpricedJobs: price == nil ? 1 : 0)
    }

    public static func + (lhs: Spend, rhs: Spend) -> Spend {
        Spend(
            jobs: lhs.jobs + rhs.jobs, billedSeconds: lhs.billedSeconds + rhs.billedSeconds, usd: lhs.usd + rhs.usd,
            unpricedJobs: lhs.unpricedJobs + rhs.unpricedJobs
        )
    }

    /// `3 jobs, 24 s of video, $2.40` (and how many have no known price).
    public var summary: String {
        var text = "\(self.jobs) job\(self.jobs == 1 ? "" : "s"), \(self.billedSeconds) s of video"
        if self.jobs > self.unpricedJobs { text += ", " + Self.dollars(self.usd) }
        if self.unpricedJobs > 0 { text += self.unpricedJobs == self.jobs ? ", price unknown" : " (+\(self.unpricedJobs) at an unknown price)" }
        return text
    }

    static func dollars(_ value: Double) -> String { "$" + String(format: "%.2f", value) }

    enum CodingKeys: String, CodingKey {
        case jobs, usd
        case billedSeconds = "billed_seconds"
        case unpricedJobs = "unpriced_jobs"
    }
}

/// Limits on what a run may spend; a job that would pass one is not created.
public struct Budget: Codable, Sendable, Hashable {
    public var maxUSD: Double?
    /// Seconds of video (seconds x variants, summed over jobs).
    public var maxSeconds: Int?

    public init(maxUSD: Double? = nil, maxSeconds: Int? = nil) {
        self.maxUSD = maxUSD
        self.maxSeconds = maxSeconds
    }

    public var isLimited: Bool { self.maxUSD != nil || self.maxSeconds != nil }

    /// Why `cost` may not be spent on top of `spent`, or `nil` when it fits.
    public func refusal(of cost: Spend, after spent: Spend) -> String? {
        let total = spent + cost
        if let maximum = self.maxSeconds, total.billedSeconds > maximum {
            return "\(cost.billedSeconds) s of video would bring the total to \(total.billedSeconds) s, above the budget of \(maximum) s"
        }
        if let maximum = self.maxUSD {
            if cost.unpricedJobs > 0 {
                return "its model has no known price, so it cannot be held to the budget of \(Spend.dollars(maximum)) (give its price with --prices or prices:)"
            }
            if total.usd > maximum + 1e-9 {
                return "\(Spend.dollars(cost.usd)) would bring the total to \(Spend.dollars(total.usd)), above the budget of \(Spend.dollars(maximum))"
            }
        }
        return nil
    }

    /// `$5.00 and 120 s`, or `none`.
    public var summary: String {
        let parts = [self.maxUSD.map(Spend.dollars), self.maxSeconds.map { "\($0) s of video" }].compactMap { $0 }
        return parts.isEmpty ? "none" : parts.joined(separator: " and ")
    }

    enum CodingKeys: String, CodingKey {
        case maxUSD = "max_usd"
        case maxSeconds = "max_seconds"
    }
}
