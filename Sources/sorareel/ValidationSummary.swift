import MediaKit

/// The end of a `validate` run: files, passed, failed, and failures and warnings per rule.
struct ValidationSummary: Encodable {
    var files: Int
    var passed: Int
    var failed: Int
    /// Files failing each rule (level error).
    var failedRules: [String: Int]
    /// Files with a warning from each rule.
    var warnings: [String: Int]

    init(reports: [ValidationReport]) {
        self.files = reports.count
        self.passed = reports.count { $0.passed }
        self.failed = self.files - self.passed
        var failedRules: [String: Int] = [:]
        var warnings: [String: Int] = [:]
        for report in reports {
            for verdict in report.verdicts where !verdict.passed {
                if verdict.isFailure {
                    failedRules[verdict.rule, default: 0] += 1
                } else {
                    warnings[verdict.rule, default: 0] += 1
                }
            }
        }
        self.failedRules = failedRules
        self.warnings = warnings
    }

    private enum CodingKeys: String, CodingKey {
        case files, passed, failed
        case failedRules = "failed_rules"
        case warnings
    }

    /// `Summary: 50 files, 47 passed, 3 failed. Failed: loudness 2, cuts 1. Warnings: faststart 3.`
    var text: String {
        var text = "Summary: \(self.files) file\(self.files == 1 ? "" : "s"), \(self.passed) passed, \(self.failed) failed."
        if !self.failedRules.isEmpty { text += " Failed: \(Self.list(self.failedRules))." }
        if !self.warnings.isEmpty { text += " Warnings: \(Self.list(self.warnings))." }
        return text
    }

    private static func list(_ counts: [String: Int]) -> String {
        counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
