import Foundation
public import MediaKit
import Yams

/// Reads a validation policy file (YAML) into a ``ValidationPolicy``: rule levels and
/// thresholds for every file, and overrides for files matching a glob.
///
/// ```yaml
/// rules:
///   loudness: { level: error, target: -16, tolerance: 1, max_true_peak: -1 }
///   cuts: off                      # a level alone: error, warning or off
///   silence: { min_seconds: 1 }    # thresholds alone keep the default level
/// overrides:
///   - glob: "drafts/**"
///     rules:
///       loudness: warning
/// ```
///
/// Lives here rather than in MediaKit so that MediaKit stays free of YAML; the command line
/// and storyboards both read policies through it.
public enum ValidationPolicyFile {
    /// Reads and checks the file at `path`.
    public static func load(path: String) throws(FileMistake) -> ValidationPolicy {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileMistake(path: path, line: nil, field: nil, "cannot read the policy file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FileMistake(path: path, line: nil, field: nil, "the policy file is not UTF-8 text")
        }
        return try self.parse(text: text, path: path)
    }

    /// Parses policy text; `path` names it in errors.
    public static func parse(text: String, path: String) throws(FileMistake) -> ValidationPolicy {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                return ValidationPolicy()
            }
            root = node
        } catch let error as YamlError {
            throw FileMistake(path: path, line: Self.line(of: error), field: nil, "syntax error: \(Self.problem(of: error))")
        } catch {
            throw FileMistake(path: path, line: nil, field: nil, "cannot parse: \(error)")
        }
        let reader = PolicyReader(path: path)
        let top = try reader.mapping(root, field: nil, allowed: ["rules", "overrides"])
        var policy = ValidationPolicy()
        if let rules = top["rules"] {
            policy.rules = try reader.rules(rules, field: "rules")
        }
        if let overrides = top["overrides"] {
            guard case .sequence(let items) = overrides else {
                throw FileMistake(path: path, line: overrides.mark?.line, field: "overrides", "must be a list of {glob, rules}")
            }
            for (index, item) in items.enumerated() {
                let field = "overrides[\(index)]"
                let fields = try reader.mapping(item, field: field, allowed: ["glob", "rules"])
                guard let glob = fields["glob"]?.scalar?.string, !glob.isEmpty else {
                    throw FileMistake(path: path, line: item.mark?.line, field: "\(field).glob", "is required (a path pattern such as \"drafts/**\")")
                }
                let rules = try fields["rules"].map { node throws(FileMistake) in try reader.rules(node, field: "\(field).rules") } ?? [:]
                policy.overrides.append(ValidationPolicy.Override(glob: glob, rules: rules))
            }
        }
        return policy
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        case .duplicatedKeysInMapping(let duplicates, _): "duplicated keys: \(duplicates.joined(separator: ", "))"
        default: "\(error)"
        }
    }
}

/// Reads the nodes of a policy file, checking names and ranges against ``ValidationRuleCatalog``.
private struct PolicyReader {
    let path: String

    func mapping(_ node: Node, field: String?, allowed: Set<String>?) throws(FileMistake) -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw FileMistake(path: self.path, line: node.mark?.line, field: field, "must be a mapping of fields")
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            if let allowed, !allowed.contains(name) {
                throw FileMistake(
                    path: self.path, line: key.mark?.line, field: field.map { "\($0).\(name)" } ?? name,
                    "unknown field (known fields: \(allowed.sorted().joined(separator: ", ")))"
                )
            }
            result[name] = value
        }
        return result
    }

    /// `NAME: LEVEL` or `NAME: {level: LEVEL, PARAMETER: NUMBER...}` for each rule.
    func rules(_ node: Node, field: String) throws(FileMistake) -> [String: ValidationPolicy.RuleSettings] {
        var result: [String: ValidationPolicy.RuleSettings] = [:]
        for (name, value) in try self.mapping(node, field: field, allowed: nil) {
            let ruleField = "\(field).\(name)"
            guard let rule = ValidationRuleCatalog.rule(name) else {
                let known = ValidationRuleCatalog.rules.map(\.name).joined(separator: ", ")
                throw FileMistake(path: self.path, line: value.mark?.line, field: ruleField, "unknown rule (rules: \(known))")
            }
            if let text = value.scalar?.string {
                result[name] = ValidationPolicy.RuleSettings(level: try self.level(text, rule: rule, node: value, field: ruleField))
                continue
            }
            var settings = ValidationPolicy.RuleSettings()
            for (key, item) in try self.mapping(value, field: ruleField, allowed: nil) {
                let itemField = "\(ruleField).\(key)"
                if key == "level" {
                    settings.level = try self.level(item.scalar?.string ?? "", rule: rule, node: item, field: itemField)
                    continue
                }
                guard let parameter = rule.parameter(key) else {
                    let names = (["level"] + rule.parameters.map(\.name)).joined(separator: ", ")
                    throw FileMistake(path: self.path, line: item.mark?.line, field: itemField, "unknown setting (\(name) takes: \(names))")
                }
                guard let text = item.scalar?.string, let number = Double(text), number.isFinite else {
                    throw FileMistake(path: self.path, line: item.mark?.line, field: itemField, "\"\(item.scalar?.string ?? "…")\" is not a number")
                }
                guard parameter.range.contains(number) else {
                    throw FileMistake(
                        path: self.path, line: item.mark?.line, field: itemField,
                        "\(text) is outside \(Self.number(parameter.range.lowerBound))...\(Self.number(parameter.range.upperBound)) (\(parameter.summary))"
                    )
                }
                settings.parameters[key] = number
            }
            result[name] = settings
        }
        return result
    }

    private func level(_ text: String, rule: ValidationRuleCatalog.Rule, node: Node, field: String) throws(FileMistake) -> RuleLevel {
        guard let level = RuleLevel(rawValue: text.lowercased()) else {
            throw FileMistake(path: self.path, line: node.mark?.line, field: field, "\"\(text)\" is not a level (error, warning or off)")
        }
        guard !rule.levelIsFixed else {
            throw FileMistake(path: self.path, line: node.mark?.line, field: field, "the level of \(rule.name) cannot be changed")
        }
        return level
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
