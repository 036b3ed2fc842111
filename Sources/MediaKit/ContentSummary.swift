/// What the pictures of a clip do over time: how much they move, where the scene jumps, and
/// where the luminance flashes.
public struct ContentSummary: Sendable, Hashable, Codable {
    /// Share of the clip (0...1) whose motion stayed below the static threshold.
    public var stillRatio: Double
    /// The median motion measured (mean luma change of block averages over half a second,
    /// beyond frame-to-frame noise, on 0...255); `nil` for clips under half a second.
    public var medianMotion: Double?
    /// Hard cuts: the time of the first picture of each new shot, with its score.
    public var cuts: [Cut]
    /// Times at which at least a quarter of the picture changed luminance by 10% or more
    /// against the previous extreme, alternately brighter and darker (BT.1702 transitions).
    public var flashTransitions: [Double]

    public init(stillRatio: Double, medianMotion: Double?, cuts: [Cut], flashTransitions: [Double]) {
        self.stillRatio = stillRatio
        self.medianMotion = medianMotion
        self.cuts = cuts
        self.flashTransitions = flashTransitions
    }

    /// The most flashes (pairs of opposing transitions) in any one-second window, and the
    /// stretches where there are more than `limit`, merged.
    public func flashes(above limit: Double) -> (maximum: Double, spans: [TimeSpan]) {
        let times = self.flashTransitions
        var maximum = 0.0
        var spans: [TimeSpan] = []
        var end = times.startIndex
        for start in times.indices {
            while end < times.endIndex, times[end] < times[start] + 1.0 - 1e-9 { end += 1 }
            let flashes = Double(end - start) / 2
            maximum = max(maximum, flashes)
            guard flashes > limit else { continue }
            let span = TimeSpan(start: times[start], end: times[end - 1])
            if let last = spans.last, span.start <= last.end {
                spans[spans.count - 1].end = max(last.end, span.end)
            } else {
                spans.append(span)
            }
        }
        return (maximum, spans)
    }
}

/// A hard scene cut.
public struct Cut: Sendable, Hashable, Codable {
    /// The time of the first picture after the cut, in seconds.
    public var time: Double
    /// How different it is from the picture before, beyond the motion around it (0...100).
    public var score: Double

    public init(time: Double, score: Double) {
        self.time = time
        self.score = score
    }
}
