import FFmpegKit

/// Finds black and frozen stretches in a sequence of coarse luma pictures, the way
/// ffmpeg's `blackdetect` and `freezedetect` filters do, at a fraction of their cost.
///
/// A picture is black when at least 98% of its cells are darker than 10% of the luma
/// range above black. A picture is frozen when it differs by less than ``freezeThreshold``
/// on average from the reference: the first picture of the still run, as in
/// `freezedetect`, so slow motion that drifts a little each frame is not a freeze. Stretches that run to the end of the media are
/// closed by ``finish(at:)``, so a freeze in the last seconds is reported too.
struct StillDetector {
    static let blackPictureRatio = 0.98
    static let blackPixelRatio = 0.10
    /// Mean absolute difference per cell (on 0...255) below which two pictures are the same.
    static let freezeThreshold = 0.26

    private(set) var blackStretches: [TimeSpan] = []
    private(set) var frozenStretches: [TimeSpan] = []
    private var blackStart: Double?
    private var freezeStart: Double?
    private var reference: [UInt8]?
    private var referenceTime: Double?

    /// Adds one picture shown from `time` on.
    mutating func add(_ grid: [UInt8], at time: Double, fullRange: Bool) {
        let floor = fullRange ? 0.0 : 16.0
        let span = fullRange ? 255.0 : 219.0
        let limit = UInt8(clamping: Int(floor + Self.blackPixelRatio * span))
        let dark = grid.reduce(0) { $1 <= limit ? $0 + 1 : $0 }
        let isBlack = Double(dark) >= Self.blackPictureRatio * Double(grid.count)

        if isBlack {
            if self.blackStart == nil { self.blackStart = time }
        } else if let start = self.blackStart {
            self.blackStretches.append(TimeSpan(start: start, end: time))
            self.blackStart = nil
        }

        // A black picture is reported as black, not as a freeze.
        let isSame = !isBlack && self.reference.map { Self.meanDifference($0, grid) < Self.freezeThreshold } == true
        if isSame {
            if self.freezeStart == nil { self.freezeStart = self.referenceTime }
            return
        }
        if let start = self.freezeStart {
            self.frozenStretches.append(TimeSpan(start: start, end: time))
            self.freezeStart = nil
        }
        self.reference = isBlack ? nil : grid
        self.referenceTime = time
    }

    /// Closes open stretches at `end`, the end of the last picture.
    mutating func finish(at end: Double) {
        if let start = self.blackStart {
            self.blackStretches.append(TimeSpan(start: start, end: end))
        }
        if let start = self.freezeStart {
            self.frozenStretches.append(TimeSpan(start: start, end: end))
        }
        self.blackStart = nil
        self.freezeStart = nil
    }

    private static func meanDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        return LumaGridMath.meanAbsoluteDifference(a, b)
    }
}
