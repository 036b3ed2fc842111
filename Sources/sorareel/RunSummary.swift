import Foundation
import MediaKit
import ReelPipeline

/// The table printed when a run ends: one row per shot, then the reel and where things are.
struct RunSummary {
    var manifest: Manifest
    var output: String

    var text: String {
        var lines = ["\(self.manifest.title): \(self.manifest.passed ? "PASS" : "FAIL")"]
        let width = max(4, self.manifest.shots.map(\.name.count).max() ?? 4)
        lines.append("  " + "shot".padding(toLength: width, withPad: " ", startingAt: 0) + "  status  variant  job")
        for shot in self.manifest.shots {
            let variant = shot.chosenVariant.map(String.init) ?? "-"
            var line = "  " + shot.name.padding(toLength: width, withPad: " ", startingAt: 0)
            line += "  " + shot.status.padding(toLength: 6, withPad: " ", startingAt: 0)
            line += "  " + variant.padding(toLength: 7, withPad: " ", startingAt: 0) + "  " + (shot.jobID ?? "-")
            if let error = shot.error { line += "\n      \(error)" }
            lines.append(line)
        }
        if let reel = self.manifest.reel {
            let duration = reel.probe?.duration.map { String(format: "%.2fs", $0) } ?? "?"
            lines.append("  reel: \(reel.passed ? "PASS" : "FAIL") \(duration), \(reel.chapters.count) chapters, \(reel.mode)\(reel.error.map { " — \($0)" } ?? "")")
            for verdict in reel.verdicts where verdict.isFailure {
                lines.append("      \(verdict.rule): \(verdict.actual) (expected \(verdict.expected))")
            }
        } else {
            lines.append("  reel: none (no shot succeeded)")
        }
        let folder = URL(fileURLWithPath: self.output)
        lines.append("  \(folder.appendingPathComponent("reel.mp4").path)")
        lines.append("  \(folder.appendingPathComponent("manifest.json").path)")
        lines.append("  \(folder.appendingPathComponent("report.html").path)")
        return lines.joined(separator: "\n")
    }
}
