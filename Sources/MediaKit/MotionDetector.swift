import FFmpegKit

/// Measures motion and finds hard cuts in a sequence of coarse luma pictures.
///
/// Motion at a picture is the mean absolute change of block averages against the picture
/// half a second earlier, less the change against the picture just before: noise and grain
/// change every picture by about the same amount whatever the distance, while real motion
/// grows with it. A still picture with noise therefore measures about 0, which is what the
/// `static` rule looks for; an exactly repeated picture is `frozen`'s business.
///
/// A cut follows ffmpeg's `scdet`: the mean absolute difference from the previous picture
/// (0...100 of the luma range), less the same measure one picture earlier, so steady fast
/// motion is not a cut.
struct MotionDetector {
    static let lagSeconds = 0.5

    private let stillThreshold: Double
    private let cutThreshold: Double
    private var history: [(time: Double, grid: [UInt8])] = []
    private var motions: [Double] = []
    private var previousPoints: [UInt8]?
    private var previousDifference = 0.0
    private(set) var cuts: [Cut] = []

    init(stillThreshold: Double, cutThreshold: Double) {
        self.stillThreshold = stillThreshold
        self.cutThreshold = cutThreshold
    }

    /// Adds one picture shown from `time` on: its block averages and its point samples.
    mutating func add(blocks: [UInt8], points: [UInt8], at time: Double) {
        if let previous = self.previousPoints, previous.count == points.count {
            let difference = Self.meanDifference(previous, points) / 255 * 100
            let score = min(difference, abs(difference - self.previousDifference))
            self.previousDifference = difference
            if score >= self.cutThreshold {
                self.cuts.append(Cut(time: time, score: (score * 10).rounded() / 10))
            }
        }
        self.previousPoints = points

        if let last = self.history.last, last.grid.count == blocks.count {
            while self.history.count >= 2, time - self.history[1].time >= Self.lagSeconds - 1e-6 {
                self.history.removeFirst()
            }
            if let reference = self.history.first, time - reference.time >= Self.lagSeconds - 1e-6 {
                let motion = Self.meanDifference(reference.grid, blocks) - Self.meanDifference(last.grid, blocks)
                self.motions.append(motion)
            }
        } else {
            self.history.removeAll()
        }
        self.history.append((time, blocks))
    }

    /// Share of measured pictures whose motion stayed below the threshold (0 when none was measured).
    var stillRatio: Double {
        guard !self.motions.isEmpty else { return 0 }
        return Double(self.motions.count { $0 < self.stillThreshold }) / Double(self.motions.count)
    }

    /// The median motion, `nil` when none was measured.
    var medianMotion: Double? {
        guard !self.motions.isEmpty else { return nil }
        let sorted = self.motions.sorted()
        return (sorted[sorted.count / 2] * 100).rounded() / 100
    }

    private static func meanDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        LumaGridMath.meanAbsoluteDifference(a, b)
    }
}
