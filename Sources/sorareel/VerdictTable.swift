import Foundation
import MediaKit

/// A validation report as a table a person scans: one row per rule, failures marked.
struct VerdictTable {
    var report: ValidationReport
    var showPassing: Bool

    var text: String {
        var lines = ["\(self.report.path): \(self.report.passed ? "PASS" : "FAIL")"]
        let rows = self.report.verdicts.filter { self.showPassing || !$0.passed }
        let ruleWidth = rows.map(\.rule.count).max() ?? 0
        for verdict in rows {
            let mark =
                !verdict.applicable ? "n/a " : verdict.passed ? "ok  " : verdict.severity == .error ? "FAIL" : "warn"
            let rule = verdict.rule.padding(toLength: ruleWidth, withPad: " ", startingAt: 0)
            var line = "  \(mark)  \(rule)  \(verdict.actual)"
            if !verdict.passed { line += "  (expected \(verdict.expected))" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// What `--quiet` keeps: the file and its failures (level error), or `nil` when it passed.
    var failuresText: String? {
        guard !self.report.passed else { return nil }
        let failures = self.report.verdicts.filter(\.isFailure)
        let ruleWidth = failures.map(\.rule.count).max() ?? 0
        let lines = failures.map { verdict in
            "  FAIL  \(verdict.rule.padding(toLength: ruleWidth, withPad: " ", startingAt: 0))  \(verdict.actual)  (expected \(verdict.expected))"
        }
        return (["\(self.report.path): FAIL"] + lines).joined(separator: "\n")
    }
}
