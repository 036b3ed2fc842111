import ArgumentParser
import MediaKit

/// `validate`'s threshold flags. Each one given becomes a setting over the policy file, for
/// every file; one not given leaves the policy's value or the rule's default. Every flag takes
/// the next word whatever it is (`--loudness-target -16`) and refuses values out of the rule's
/// range in one line.
struct ValidateThresholds: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional, help: "Allowed difference from --expect-seconds, in seconds (default 0.25).",
        transform: Self.value("--tolerance", "duration", "tolerance", unit: "seconds")
    )
    var tolerance: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Shortest black stretch that fails a file, in seconds (default 1).",
        transform: Self.seconds("--black-min", "black", "min_seconds")
    )
    var blackMin: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Shortest frozen stretch that fails a file, in seconds (default 2).",
        transform: Self.seconds("--freeze-min", "frozen", "min_seconds")
    )
    var freezeMin: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Flashes allowed in any one second (default 3, ITU-R BT.1702).",
        transform: Self.value("--max-flashes", "flashes", "max_per_second", unit: "")
    )
    var maxFlashes: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Motion below which a moment is still, for `static` (default 0.25).",
        transform: Self.value("--static-motion", "static", "motion", unit: "")
    )
    var staticMotion: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Share of the clip (0-1) that must be still to fail `static` (default 0.9).",
        transform: Self.value("--static-ratio", "static", "ratio", unit: "")
    )
    var staticRatio: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Scene-change score (0-100) of a cut (default 10, as ffmpeg's scdet).",
        transform: Self.value("--cut-threshold", "cuts", "threshold", unit: "")
    )
    var cutThreshold: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Level in dBFS below which audio is silent (default -60).",
        transform: Self.value("--silence-level", "silence", "level_db", unit: "dBFS")
    )
    var silenceLevel: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Shortest silent stretch that fails a file, in seconds (default 2).",
        transform: Self.seconds("--silence-min", "silence", "min_seconds")
    )
    var silenceMin: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Percent of samples allowed at full scale (default 0.01).",
        transform: Self.value("--max-clipped", "clipping", "max_percent", unit: "percent")
    )
    var maxClipped: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Integrated loudness target in LUFS, e.g. -16 (default: report only).",
        transform: Self.value("--loudness-target", "loudness", "target", unit: "LUFS")
    )
    var loudnessTarget: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Allowed distance from --loudness-target, in LU (default 2).",
        transform: Self.value("--loudness-tolerance", "loudness", "tolerance", unit: "LU")
    )
    var loudnessTolerance: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Highest true peak in dBTP, e.g. -1 (default: report only).",
        transform: Self.value("--max-true-peak", "loudness", "max_true_peak", unit: "dBTP")
    )
    var maxTruePeak: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Allowed audio/video length difference in seconds (default 0.2).",
        transform: Self.value("--av-tolerance", "av_length", "tolerance", unit: "seconds")
    )
    var avTolerance: Double?

    /// Each flag's rule and parameter in ``ValidationRuleCatalog``.
    private var settings: [(flag: String, rule: String, parameter: String, value: Double?)] {
        [
            ("--tolerance", "duration", "tolerance", self.tolerance),
            ("--black-min", "black", "min_seconds", self.blackMin),
            ("--freeze-min", "frozen", "min_seconds", self.freezeMin),
            ("--max-flashes", "flashes", "max_per_second", self.maxFlashes),
            ("--static-motion", "static", "motion", self.staticMotion),
            ("--static-ratio", "static", "ratio", self.staticRatio),
            ("--cut-threshold", "cuts", "threshold", self.cutThreshold),
            ("--silence-level", "silence", "level_db", self.silenceLevel),
            ("--silence-min", "silence", "min_seconds", self.silenceMin),
            ("--max-clipped", "clipping", "max_percent", self.maxClipped),
            ("--loudness-target", "loudness", "target", self.loudnessTarget),
            ("--loudness-tolerance", "loudness", "tolerance", self.loudnessTolerance),
            ("--max-true-peak", "loudness", "max_true_peak", self.maxTruePeak),
            ("--av-tolerance", "av_length", "tolerance", self.avTolerance),
        ]
    }

    /// A transform for `flag` that refuses what the rule's parameter does not allow, in
    /// ``ArgumentValues``' words (`--max-flashes must be 0-30, got -1`).
    private static func value(_ flag: String, _ rule: String, _ parameter: String, unit: String) -> @Sendable (String) throws -> Double {
        ArgumentValues.decimal(flag, Self.range(rule, parameter), unit: unit)
    }

    /// Seconds that must be more than zero, within the rule's parameter's range.
    private static func seconds(_ flag: String, _ rule: String, _ parameter: String) -> @Sendable (String) throws -> Double {
        ArgumentValues.positiveSeconds(flag, upTo: Self.range(rule, parameter).upperBound)
    }

    private static func range(_ rule: String, _ parameter: String) -> ClosedRange<Double> {
        ValidationRuleCatalog.rule(rule)?.parameter(parameter)?.range ?? 0...0
    }

    /// The flags given, as policy settings.
    var policy: ValidationPolicy {
        var policy = ValidationPolicy()
        for setting in self.settings {
            guard let value = setting.value else { continue }
            policy.rules[setting.rule, default: ValidationPolicy.RuleSettings()].parameters[setting.parameter] = value
        }
        return policy
    }
}
