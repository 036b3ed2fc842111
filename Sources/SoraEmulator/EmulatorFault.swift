/// A failure the emulator injects, as `--fault KIND=RATE`.
public enum EmulatorFault: String, Sendable, Hashable, CaseIterable {
    /// Answer 429 (with `Retry-After`) instead of the real response.
    case tooManyRequests = "429"
    /// Answer 500 instead of the real response.
    case internalServerError = "500"
    /// Answer 503 instead of the real response.
    case serviceUnavailable = "503"
    /// The job fails moderation.
    case moderation
    /// The job fails with an internal error.
    case `internal`
    /// A download's connection closes partway.
    case drop
    /// A download ends short of its `Content-Length`.
    case truncate
    /// A download trickles.
    case slow
    /// A create makes the job, then its answer is lost: a 500, 502 or 503 in its place, or the
    /// connection closed mid-answer. The fault clients must survive without paying twice.
    case lostCreate = "lost-create"
    /// A delete removes the job, then its answer is lost the same way.
    case lostDelete = "lost-delete"

    /// Parses `KIND=RATE`, e.g. `429=0.3`.
    public static func parse(_ text: String) -> (EmulatorFault, Double)? {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let fault = EmulatorFault(rawValue: parts[0]), let rate = Double(parts[1]), (0...1).contains(rate) else {
            return nil
        }
        return (fault, rate)
    }

    /// Whether the fault replaces a whole response (rather than a job's fate or a body's delivery).
    var isStatus: Bool { [.tooManyRequests, .internalServerError, .serviceUnavailable].contains(self) }
    var isJobFate: Bool { self == .moderation || self == .internal }
    var isDelivery: Bool { [.drop, .truncate, .slow].contains(self) }
    /// Whether the fault strikes after the service acted.
    var isLostAnswer: Bool { self == .lostCreate || self == .lostDelete }
}

/// A seeded random source (SplitMix64), so a seed repeats the same faults and ids.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        self.state = seed &+ 0x9E37_79B9_7F4A_7C15
    }

    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
