/// Thresholds and rule levels for a batch of files, with overrides for files whose paths
/// match a glob: the value a policy file (`qa.yaml`) describes, free of any file format.
///
/// A file's options are the base options, then ``rules``, then every override whose glob
/// matches the file's path, in order; later settings win.
public struct ValidationPolicy: Sendable, Hashable {
    /// A rule's level and thresholds, each optional: what is not given stays as it was.
    public struct RuleSettings: Sendable, Hashable {
        public var level: RuleLevel?
        /// Threshold values by the names in ``ValidationRuleCatalog``.
        public var parameters: [String: Double]

        public init(level: RuleLevel? = nil, parameters: [String: Double] = [:]) {
            self.level = level
            self.parameters = parameters
        }
    }

    /// Settings for the files whose paths match ``glob``.
    public struct Override: Sendable, Hashable {
        /// A pattern without `/` matches file names (`*_draft.mp4`); one with `/` matches the
        /// end of the path at a folder boundary (`drafts/*.mp4`, `**/b-roll/**`). `*` and `?`
        /// stay within a folder name; `**` crosses folders. `nil` matches every file.
        public var glob: String?
        public var rules: [String: RuleSettings]

        public init(glob: String?, rules: [String: RuleSettings]) {
            self.glob = glob
            self.rules = rules
        }
    }

    public var rules: [String: RuleSettings]
    public var overrides: [Override]

    public init(rules: [String: RuleSettings] = [:], overrides: [Override] = []) {
        self.rules = rules
        self.overrides = overrides
    }

    /// The first setting that names an unknown rule or parameter, a fixed level or a value out
    /// of range, as `field: reason` (`rules.loudness.target: must be between -70 and 0`).
    public var problem: String? {
        let layers = [("rules", self.rules)] + self.overrides.enumerated().map { ("overrides[\($0.offset)].rules", $0.element.rules) }
        for (field, rules) in layers {
            for name in rules.keys.sorted() {
                guard let rule = ValidationRuleCatalog.rule(name), let settings = rules[name] else {
                    return "\(field).\(name): unknown rule"
                }
                if settings.level != nil, rule.levelIsFixed {
                    return "\(field).\(name): the level of \(name) cannot be changed"
                }
                for (parameter, value) in settings.parameters.sorted(by: { $0.key < $1.key }) {
                    guard let known = rule.parameter(parameter) else {
                        let names = rule.parameters.map(\.name)
                        return "\(field).\(name).\(parameter): unknown setting"
                            + (names.isEmpty ? " (\(name) has none)" : " (known: \(names.joined(separator: ", ")))")
                    }
                    guard known.range.contains(value) else {
                        return
                            "\(field).\(name).\(parameter): must be between \(Self.number(known.range.lowerBound)) and \(Self.number(known.range.upperBound))"
                    }
                }
            }
        }
        return nil
    }

    /// The options for the file at `path`: `base` with every matching layer applied.
    /// Unknown names and out-of-range values are ignored here; ``problem`` reports them.
    public func options(for path: String, base: ValidationOptions) -> ValidationOptions {
        var options = base
        Self.apply(self.rules, to: &options)
        for override in self.overrides where override.glob.map({ Glob.matches($0, path: path) }) ?? true {
            Self.apply(override.rules, to: &options)
        }
        return options
    }

    /// This policy with `top` applied after it, for every file: a command line's flags over a file's policy.
    public func layered(under top: ValidationPolicy) -> ValidationPolicy {
        var result = self
        result.overrides.append(Override(glob: nil, rules: top.rules))
        result.overrides += top.overrides
        return result
    }

    private static func apply(_ rules: [String: RuleSettings], to options: inout ValidationOptions) {
        for (name, settings) in rules {
            guard let rule = ValidationRuleCatalog.rule(name) else { continue }
            if let level = settings.level, !rule.levelIsFixed {
                options.levels[name] = level
            }
            for (parameter, value) in settings.parameters {
                guard let known = rule.parameter(parameter), known.range.contains(value) else { continue }
                known.apply(&options, value)
            }
        }
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
