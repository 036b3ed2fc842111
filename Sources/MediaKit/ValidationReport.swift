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
    /// `false` when the rule does not apply to this file (audio rules on a clip without
    /// sound): the verdict passes and ``actual`` says why it was not checked.
    public var applicable: Bool
    /// Where in the media the rule found what it reports, when it has times.
    public var spans: [TimeSpan]?

    public init(
        rule: String, passed: Bool, expected: String, actual: String, severity: Severity = .error,
        applicable: Bool = true, spans: [TimeSpan]? = nil
    ) {
        self.rule = rule
        self.passed = passed
        self.expected = expected
        self.actual = actual
        self.severity = severity
        self.applicable = applicable
        self.spans = spans
    }

    /// A verdict for a rule that does not apply to this file.
    static func notApplicable(_ rule: String, expected: String, reason: String) -> Verdict {
        Verdict(rule: rule, passed: true, expected: expected, actual: "not applicable: \(reason)", applicable: false)
    }

    /// A failure that fails the file.
    public var isFailure: Bool { !self.passed && self.severity == .error }
}

extension Verdict {
    private enum CodingKeys: String, CodingKey {
        case rule, passed, expected, actual, severity, applicable, spans
    }

    /// Reads verdicts stored before ``applicable`` and ``spans`` existed, too.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.rule = try container.decode(String.self, forKey: .rule)
        self.passed = try container.decode(Bool.self, forKey: .passed)
        self.expected = try container.decode(String.self, forKey: .expected)
        self.actual = try container.decode(String.self, forKey: .actual)
        self.severity = try container.decode(Severity.self, forKey: .severity)
        self.applicable = try container.decodeIfPresent(Bool.self, forKey: .applicable) ?? true
        self.spans = try container.decodeIfPresent([TimeSpan].self, forKey: .spans)
    }

    /// Writes ``applicable`` only when it is `false`, and ``spans`` only when there are some.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.rule, forKey: .rule)
        try container.encode(self.passed, forKey: .passed)
        try container.encode(self.expected, forKey: .expected)
        try container.encode(self.actual, forKey: .actual)
        try container.encode(self.severity, forKey: .severity)
        if !self.applicable { try container.encode(false, forKey: .applicable) }
        if let spans = self.spans, !spans.isEmpty { try container.encode(spans, forKey: .spans) }
    }
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
