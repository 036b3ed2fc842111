import Foundation
import MediaKit

/// Validation reports as JUnit XML, the format GitLab, Jenkins and GitHub test reporters read:
/// one `<testsuite>` per file, one `<testcase>` per rule. A failed rule of level error is a
/// `<failure>` carrying what was expected and what was found; a file that could not be read
/// is an `<error>`; a rule that does not apply is `<skipped>`; a warning passes, with its
/// text in `<system-out>`.
struct JUnitReport {
    var reports: [ValidationReport]
    /// Seconds each file took, by index.
    var times: [Double]

    var xml: String {
        var failures = 0
        var errors = 0
        var skipped = 0
        var tests = 0
        var suites: [String] = []
        for (index, report) in self.reports.enumerated() {
            let suite = self.suite(report, time: index < self.times.count ? self.times[index] : 0)
            failures += suite.failures
            errors += suite.errors
            skipped += suite.skipped
            tests += report.verdicts.count
            suites.append(suite.xml)
        }
        let total = self.times.reduce(0, +)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="sorareel validate" tests="\(tests)" failures="\(failures)" errors="\(errors)" skipped="\(skipped)" time="\(Self.seconds(total))">
            \(suites.joined(separator: "\n"))
            </testsuites>

            """
    }

    private func suite(_ report: ValidationReport, time: Double) -> (xml: String, failures: Int, errors: Int, skipped: Int) {
        var failures = 0
        var errors = 0
        var skipped = 0
        var cases: [String] = []
        let name = XMLText.attribute(report.path)
        for verdict in report.verdicts {
            var body = ""
            if !verdict.applicable {
                skipped += 1
                body = "<skipped message=\"\(XMLText.attribute(verdict.actual))\"/>"
            } else if verdict.isFailure && verdict.rule == "readable" {
                errors += 1
                body =
                    "<error message=\"\(XMLText.attribute(verdict.actual))\" type=\"readable\">"
                    + XMLText.content("expected: \(verdict.expected)\nactual: \(verdict.actual)") + "</error>"
            } else if verdict.isFailure {
                failures += 1
                let message = "expected \(verdict.expected), actual \(verdict.actual)"
                body =
                    "<failure message=\"\(XMLText.attribute(message))\" type=\"\(XMLText.attribute(verdict.rule))\">"
                    + XMLText.content("expected: \(verdict.expected)\nactual: \(verdict.actual)") + "</failure>"
            } else if !verdict.passed {
                body = "<system-out>" + XMLText.content("warning: expected \(verdict.expected), actual \(verdict.actual)") + "</system-out>"
            } else {
                body = "<system-out>" + XMLText.content(verdict.actual) + "</system-out>"
            }
            cases.append(
                "    <testcase name=\"\(XMLText.attribute(verdict.rule))\" classname=\"\(name)\" time=\"0\">\(body)</testcase>"
            )
        }
        let header =
            "  <testsuite name=\"\(name)\" tests=\"\(report.verdicts.count)\" failures=\"\(failures)\" errors=\"\(errors)\" "
            + "skipped=\"\(skipped)\" time=\"\(Self.seconds(time))\">"
        let xml = ([header] + cases + ["  </testsuite>"]).joined(separator: "\n")
        return (xml, failures, errors, skipped)
    }

    private static func seconds(_ value: Double) -> String {
        String(format: "%.3f", value.isFinite ? max(0, value) : 0)
    }
}

/// Escaping for XML 1.0: the five special characters, and control characters XML cannot
/// carry at all (replaced by U+FFFD), so any file name or FFmpeg message makes a valid document.
enum XMLText {
    static func attribute(_ text: String) -> String {
        Self.escape(text, attribute: true)
    }

    static func content(_ text: String) -> String {
        Self.escape(text, attribute: false)
    }

    private static func escape(_ text: String, attribute: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n" where attribute: result += "&#10;"
            case "\t" where attribute: result += "&#9;"
            case "\r": result += "&#13;"
            case "\n", "\t": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let allowed = value >= 0x20 && !(0xD800...0xDFFF).contains(value) && value != 0xFFFE && value != 0xFFFF
                result.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return result
    }
}
