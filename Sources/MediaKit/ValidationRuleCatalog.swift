/// How much a rule matters in a policy: a failure fails the file, is only reported, or the
/// rule does not run.
public enum RuleLevel: String, Sendable, Hashable, Codable, CaseIterable {
    case error
    case warning
    case off

    /// The severity of a verdict at this level; `nil` for ``off``.
    public var severity: Severity? {
        switch self {
        case .error: .error
        case .warning: .warning
        case .off: nil
        }
    }
}

/// Every rule ``Validator`` knows: its name, its default level, and the thresholds a policy
/// (``ValidationPolicy``) may set, with their ranges. The one place rule names are listed.
public enum ValidationRuleCatalog {
    /// A threshold of a rule, as a policy file names it (`max_per_second`).
    public struct Parameter: Sendable {
        public var name: String
        /// Values a policy may give.
        public var range: ClosedRange<Double>
        /// What it means, for documentation and error messages.
        public var summary: String
        let apply: @Sendable (inout ValidationOptions, Double) -> Void
    }

    /// One rule.
    public struct Rule: Sendable {
        public var name: String
        public var defaultLevel: RuleLevel
        public var parameters: [Parameter]
        /// Whether a policy may change its level (`readable` always fails an unreadable file).
        public var levelIsFixed: Bool = false

        /// The parameter called `name`, if the rule has one.
        public func parameter(_ name: String) -> Parameter? {
            self.parameters.first { $0.name == name }
        }
    }

    /// The rules in the order validation reports them.
    public static let rules: [Rule] = [
        Rule(name: "readable", defaultLevel: .error, parameters: [], levelIsFixed: true),
        Rule(name: "container", defaultLevel: .error, parameters: []),
        Rule(name: "video_streams", defaultLevel: .error, parameters: []),
        Rule(name: "size", defaultLevel: .error, parameters: []),
        Rule(
            name: "duration", defaultLevel: .error,
            parameters: [
                Parameter(name: "seconds", range: 0.001...86_400, summary: "expected duration in seconds") { $0.expectedSeconds = $1 },
                Parameter(name: "tolerance", range: 0...86_400, summary: "allowed difference in seconds") { $0.tolerance = $1 },
            ]
        ),
        Rule(name: "codec", defaultLevel: .error, parameters: []),
        Rule(name: "web_playback", defaultLevel: .error, parameters: []),
        Rule(name: "faststart", defaultLevel: .warning, parameters: []),
        Rule(name: "decode", defaultLevel: .error, parameters: []),
        Rule(name: "frames", defaultLevel: .error, parameters: []),
        Rule(
            name: "black", defaultLevel: .error,
            parameters: [
                Parameter(name: "min_seconds", range: 0.001...86_400, summary: "shortest black stretch that fails") { $0.minimumBlackSeconds = $1 }
            ]
        ),
        Rule(
            name: "frozen", defaultLevel: .error,
            parameters: [
                Parameter(name: "min_seconds", range: 0.001...86_400, summary: "shortest frozen stretch that fails") { $0.minimumFreezeSeconds = $1 }
            ]
        ),
        Rule(name: "duration_consistent", defaultLevel: .warning, parameters: []),
        Rule(
            name: "flashes", defaultLevel: .error,
            parameters: [
                Parameter(name: "max_per_second", range: 0...30, summary: "flashes allowed in any one second") { $0.maximumFlashesPerSecond = $1 }
            ]
        ),
        Rule(
            name: "static", defaultLevel: .error,
            parameters: [
                Parameter(name: "motion", range: 0...255, summary: "motion below which a moment is still") { $0.staticMotionThreshold = $1 },
                Parameter(name: "ratio", range: 0...1, summary: "share of the clip that must be still to fail") { $0.staticRatio = $1 },
            ]
        ),
        Rule(
            name: "cuts", defaultLevel: .warning,
            parameters: [
                Parameter(name: "threshold", range: 0...100, summary: "scene-change score of a cut") { $0.cutThreshold = $1 }
            ]
        ),
        Rule(
            name: "silence", defaultLevel: .warning,
            parameters: [
                Parameter(name: "level_db", range: -150...0, summary: "dBFS below which audio is silent") { $0.silenceLevel = $1 },
                Parameter(name: "min_seconds", range: 0.001...86_400, summary: "shortest silent stretch that fails") { $0.minimumSilenceSeconds = $1 },
            ]
        ),
        Rule(
            name: "clipping", defaultLevel: .warning,
            parameters: [
                Parameter(name: "max_percent", range: 0...100, summary: "share of samples allowed at full scale, in percent") {
                    $0.maximumClippedRatio = $1 / 100
                }
            ]
        ),
        Rule(
            name: "loudness", defaultLevel: .error,
            parameters: [
                Parameter(name: "target", range: -70...0, summary: "integrated loudness in LUFS") { $0.loudnessTarget = $1 },
                Parameter(name: "tolerance", range: 0...40, summary: "allowed distance from the target in LU") { $0.loudnessTolerance = $1 },
                Parameter(name: "max_true_peak", range: -70...20, summary: "highest true peak in dBTP") { $0.maximumTruePeak = $1 },
            ]
        ),
        Rule(
            name: "av_length", defaultLevel: .warning,
            parameters: [
                Parameter(name: "tolerance", range: 0...3600, summary: "allowed audio/video length difference in seconds") {
                    $0.avLengthTolerance = $1
                }
            ]
        ),
    ]

    /// The rule called `name`, if there is one.
    public static func rule(_ name: String) -> Rule? {
        self.rules.first { $0.name == name }
    }

    /// The level of `rule` under `options`: the options' own level, or the rule's default.
    static func level(of rule: String, in options: ValidationOptions) -> RuleLevel {
        options.levels[rule] ?? Self.rule(rule)?.defaultLevel ?? .error
    }
}
