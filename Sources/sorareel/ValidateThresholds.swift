import ArgumentParser
import MediaKit

/// `validate`'s threshold flags. Each one given becomes a setting over the policy file, for
/// every file; one not given leaves the policy's value or the rule's default. Flags whose
/// values are usually negative (`--loudness-target -16`) take the next word whatever it is.
struct ValidateThresholds: ParsableArguments {
    @Option(name: .long, help: "Allowed difference from --expect-seconds, in seconds (default 0.25).")
    var tolerance: Double?

    @Option(name: .long, help: "Shortest black stretch that fails a file, in seconds (default 1).")
    var blackMin: Double?

    @Option(name: .long, help: "Shortest frozen stretch that fails a file, in seconds (default 2).")
    var freezeMin: Double?

    @Option(name: .long, help: "Flashes allowed in any one second (default 3, ITU-R BT.1702).")
    var maxFlashes: Double?

    @Option(name: .long, help: "Motion below which a moment is still, for `static` (default 0.25).")
    var staticMotion: Double?

    @Option(name: .long, help: "Share of the clip (0-1) that must be still to fail `static` (default 0.9).")
    var staticRatio: Double?

    @Option(name: .long, help: "Scene-change score (0-100) of a cut (default 10, as ffmpeg's scdet).")
    var cutThreshold: Double?

    @Option(name: .long, parsing: .unconditional, help: "Level in dBFS below which audio is silent (default -60).")
    var silenceLevel: Double?

    @Option(name: .long, help: "Shortest silent stretch that fails a file, in seconds (default 2).")
    var silenceMin: Double?

    @Option(name: .long, help: "Percent of samples allowed at full scale (default 0.01).")
    var maxClipped: Double?

    @Option(name: .long, parsing: .unconditional, help: "Integrated loudness target in LUFS, e.g. -16 (default: report only).")
    var loudnessTarget: Double?

    @Option(name: .long, help: "Allowed distance from --loudness-target, in LU (default 2).")
    var loudnessTolerance: Double?

    @Option(name: .long, parsing: .unconditional, help: "Highest true peak in dBTP, e.g. -1 (default: report only).")
    var maxTruePeak: Double?

    @Option(name: .long, help: "Allowed audio/video length difference in seconds (default 0.2).")
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

    func validate() throws {
        for setting in self.settings {
            guard let value = setting.value,
                let range = ValidationRuleCatalog.rule(setting.rule)?.parameter(setting.parameter)?.range
            else { continue }
            guard value.isFinite, range.contains(value) else {
                throw ValidationError("\(setting.flag) must be between \(Self.number(range.lowerBound)) and \(Self.number(range.upperBound))")
            }
        }
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

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
