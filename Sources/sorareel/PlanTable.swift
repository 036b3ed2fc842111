import Foundation
import ReelPipeline

/// A plan as a person reads it: a row per shot with what it would create and bill, then the
/// totals and the budget.
struct PlanTable {
    var plan: RunPlan

    var text: String {
        let shots = self.plan.shots
        let width = max(4, shots.map { TextWidth.columns($0.name) }.max() ?? 4)
        var lines = ["\(self.plan.title): plan (nothing is sent)"]
        lines.append("  " + TextWidth.padded("shot", to: width) + "  " + TextWidth.padded("model", to: 12) + "  size       jobs  billed  estimate")
        for shot in shots {
            let action: String =
                switch shot.action {
                case "done": "done earlier"
                case "has_job": "has a job"
                default: shot.overBudget ? "over budget" : "1"
                }
            let billed = shot.action == "create" ? "\(shot.cost.billedSeconds) s" : "-"
            let estimate =
                shot.action != "create" ? "-" : shot.cost.unpricedJobs > 0 ? "price unknown" : String(format: "$%.2f", shot.cost.usd)
            var line = "  " + TextWidth.padded(shot.name, to: width) + "  " + TextWidth.padded(shot.model, to: 12)
            line += "  " + TextWidth.padded(shot.size, to: 9) + "  " + TextWidth.padded(action, to: 4)
            line += "  " + TextWidth.padded(billed, to: 6) + "  " + estimate
            if let after = shot.after { line += " (after \(after))" }
            lines.append(line)
        }
        lines.append("  to create: \(self.plan.total.summary)")
        if self.plan.spentSoFar.jobs > 0 { lines.append("  already spent in this folder: \(self.plan.spentSoFar.summary)") }
        if self.plan.budget.isLimited {
            lines.append("  budget: \(self.plan.budget.summary)")
            let left = self.plan.shotsOverBudget
            if !left.isEmpty { lines.append("  over budget, would not be created: \(left.joined(separator: ", "))") }
        }
        if self.plan.qaRetries > 0 {
            lines.append("  a shot whose every variant fails QA may be made again up to \(self.plan.qaRetries) time(s), within the budget (not counted above)")
        }
        let priced = Set(shots.compactMap(\.priceSource))
        for source in priced.sorted() { lines.append("  price: \(source)") }
        return lines.joined(separator: "\n")
    }
}
