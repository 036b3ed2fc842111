import Foundation
import MediaKit
import ReelPipeline

/// The table printed when a run ends: one row per shot, then the reel, what was spent, and
/// where the results are (only those that exist).
struct RunSummary {
    var manifest: Manifest
    var output: String

    var text: String {
        var lines = ["\(self.manifest.title): \(self.manifest.passed ? "PASS" : "FAIL")"]
        let width = max(4, self.manifest.shots.map { TextWidth.columns($0.name) }.max() ?? 4)
        let statusWidth = max(6, self.manifest.shots.map { Self.status($0.status).count }.max() ?? 6)
        lines.append("  " + TextWidth.padded("shot", to: width) + "  " + TextWidth.padded("status", to: statusWidth) + "  variant  job")
        for shot in self.manifest.shots {
            let variant = shot.chosenVariant.map(String.init) ?? "-"
            var line = "  " + TextWidth.padded(shot.name, to: width)
            line += "  " + TextWidth.padded(Self.status(shot.status), to: statusWidth)
            line += "  " + TextWidth.padded(variant, to: 7) + "  " + (shot.jobID ?? "-")
            if let error = shot.error { line += "\n      \(error)" }
            lines.append(line)
        }
        if let reel = self.manifest.reel {
            let duration = reel.probe?.duration.map { String(format: "%.2fs", $0) } ?? "?"
            lines.append(
                "  reel: \(reel.passed ? "PASS" : "FAIL") \(duration), \(reel.chapters.count) chapters, \(reel.mode?.rawValue ?? "not made")\(reel.error.map { " — \($0)" } ?? "")"
            )
            for verdict in reel.verdicts where verdict.isFailure {
                lines.append("      \(verdict.rule): \(verdict.actual) (expected \(verdict.expected))")
            }
        } else {
            lines.append("  reel: none (no shot succeeded)")
        }
        var spent = "  spent: \(self.manifest.spend.summary)"
        if self.manifest.budget.isLimited { spent += " (budget \(self.manifest.budget.summary))" }
        lines.append(spent)
        let left = self.manifest.shots.filter { $0.status == .overBudget }.map(\.name)
        if !left.isEmpty { lines.append("  over budget, not created: \(left.joined(separator: ", "))") }
        let folder = URL(fileURLWithPath: self.output)
        for name in ["reel.mp4", "manifest.json", "report.html"] {
            let path = folder.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path) { lines.append("  \(path)") }
        }
        return lines.joined(separator: "\n")
    }

    private static func status(_ state: ShotState) -> String {
        state.rawValue.replacingOccurrences(of: "_", with: " ")
    }
}
