/// Rules on what the pictures do: `flashes`, `static` and `cuts`.
extension ValidationRules {
    func content(_ content: ContentSummary) -> [Verdict] {
        [self.flashes(content), self.still(content), self.cuts(content)]
    }

    private func flashes(_ content: ContentSummary) -> Verdict {
        let limit = self.options.maximumFlashesPerSecond
        let (maximum, spans) = content.flashes(above: limit)
        let actual =
            spans.isEmpty
            ? (maximum == 0 ? "none" : "at most \(formatNumber(maximum, decimals: 1)) per second")
            : "up to \(formatNumber(maximum, decimals: 1)) per second at " + spans.map(\.description).joined(separator: ", ")
        return Verdict(
            rule: "flashes",
            passed: spans.isEmpty,
            expected: "at most \(formatNumber(limit, decimals: 1)) flashes in any one second (ITU-R BT.1702)",
            actual: actual,
            spans: spans
        )
    }

    private func still(_ content: ContentSummary) -> Verdict {
        let threshold = formatNumber(self.options.staticMotionThreshold, decimals: 2)
        let share = formatNumber((1 - self.options.staticRatio) * 100, decimals: 0)
        let expected = "motion above \(threshold) for more than \(share)% of the clip"
        guard let median = content.medianMotion else {
            return .notApplicable("static", expected: expected, reason: "under \(formatSeconds(MotionDetector.lagSeconds)) of video")
        }
        let still = content.stillRatio
        return Verdict(
            rule: "static",
            passed: still < self.options.staticRatio,
            expected: expected,
            actual: "still for \(formatNumber(still * 100, decimals: 0))% of the clip (median motion \(formatNumber(median, decimals: 2)))"
        )
    }

    private func cuts(_ content: ContentSummary) -> Verdict {
        let cuts = content.cuts
        let list = cuts.prefix(10).map { "\(formatSeconds($0.time)) (score \(formatNumber($0.score, decimals: 1)))" }
        let actual =
            cuts.isEmpty
            ? "none"
            : "\(cuts.count) cut\(cuts.count == 1 ? "" : "s"): " + list.joined(separator: ", ") + (cuts.count > 10 ? ", ..." : "")
        return Verdict(
            rule: "cuts",
            passed: cuts.isEmpty,
            expected: "one shot: no scene change scoring \(formatNumber(self.options.cutThreshold, decimals: 1)) or more",
            actual: actual,
            spans: cuts.map { TimeSpan(start: $0.time, end: $0.time) }
        )
    }
}

/// `value` rounded to `decimals` places, without Foundation: `-23.0`, `0.25`.
func formatNumber(_ value: Double, decimals: Int) -> String {
    guard value.isFinite, abs(value) < 1e12 else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int64(scaled / scale)
    let fraction = Int64(scaled - Double(whole) * scale)
    let sign = value < 0 && scaled > 0 ? "-" : ""
    guard decimals > 0 else { return "\(sign)\(whole)" }
    let digits = String(fraction)
    return "\(sign)\(whole).\(String(repeating: "0", count: max(0, decimals - digits.count)))\(digits)"
}
