/// How much a failed rule matters.
public enum Severity: String, Sendable, Hashable, Codable {
    /// The file fails validation.
    case error
    /// Worth knowing; the file still passes.
    case warning
}

/// The outcome of one validation rule, as data: what was expected, what was found.
public struct Verdict: Sendable, Hashable, Codable {
    /// A stable rule name, e.g. `pixel_format`.
    public var rule: String
    public var passed: Bool
    /// What the rule wanted, in words or a value (`1280x720`, `yuv420p`).
    public var expected: String
    /// What the file has.
    public var actual: String
    /// How much a failure matters.
    public var severity: Severity

    public init(rule: String, passed: Bool, expected: String, actual: String, severity: Severity = .error) {
        self.rule = rule
        self.passed = passed
        self.expected = expected
        self.actual = actual
        self.severity = severity
    }

    /// A failure that fails the file.
    public var isFailure: Bool { !self.passed && self.severity == .error }
}

/// A span of media time, in seconds.
public struct TimeSpan: Sendable, Hashable, Codable, CustomStringConvertible {
    public var start: Double
    public var end: Double
    public var duration: Double { self.end - self.start }

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    public var description: String {
        "\(formatSeconds(self.start))-\(formatSeconds(self.end))"
    }
}

/// What a full decode found.
public struct DecodeSummary: Sendable, Hashable, Codable {
    /// Video frames decoded.
    public var videoFrames: Int
    /// Audio frames decoded.
    public var audioFrames: Int
    /// Errors from decoders: rejected packets plus errors they logged while concealing damage.
    public var decoderErrors: Int
    /// Errors from reading the container (damaged or missing sample data).
    public var demuxerErrors: Int
    /// Media time of the packet being decoded when the first error appeared.
    public var firstErrorTime: Double?
    /// The first error's text.
    public var firstErrorMessage: String?
    /// Media time from the first to the end of the last decoded video frame.
    public var videoDuration: Double?
    public var blackStretches: [TimeSpan]
    public var frozenStretches: [TimeSpan]

    public var errorCount: Int { self.decoderErrors + self.demuxerErrors }
}

/// Everything validation found about one file.
public struct ValidationReport: Sendable, Hashable, Codable {
    public var path: String
    /// `true` when no rule of severity ``Severity/error`` failed.
    public var passed: Bool
    public var verdicts: [Verdict]
    /// The probe, when the file could be opened.
    public var info: MediaInfo?
    /// The full decode, unless it was skipped.
    public var decode: DecodeSummary?
    /// Why the file could not be opened, if it could not.
    public var error: MediaError?

    public init(path: String, verdicts: [Verdict], info: MediaInfo?, decode: DecodeSummary?, error: MediaError?) {
        self.path = path
        self.passed = !verdicts.contains(where: \.isFailure)
        self.verdicts = verdicts
        self.info = info
        self.decode = decode
        self.error = error
    }

    /// The verdict of `rule`, if that rule ran.
    public func verdict(_ rule: String) -> Verdict? {
        self.verdicts.first { $0.rule == rule }
    }
}

/// `1.234s`: three decimals, as people read media times.
func formatSeconds(_ seconds: Double) -> String {
    guard seconds.isFinite, abs(seconds) < 1e12 else { return "\(seconds)s" }
    let millis = (seconds * 1000).rounded()
    let whole = Int64(millis / 1000)
    let fraction = Int64(abs(millis.truncatingRemainder(dividingBy: 1000)))
    let sign = seconds < 0 && whole == 0 ? "-" : ""
    return "\(sign)\(whole).\(String(repeating: "0", count: 3 - String(fraction).count))\(fraction)s"
}
