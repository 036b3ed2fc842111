import Testing

@testable import MediaKit

struct StillDetectorTests {
    static let gray = [UInt8](repeating: 128, count: 64)
    static let black = [UInt8](repeating: 16, count: 64)

    static func noise(_ seed: Int) -> [UInt8] {
        (0..<64).map { UInt8(truncatingIfNeeded: ($0 * 37 + seed * 101) % 200 + 20) }
    }

    @Test func slowDriftIsNotAFreeze() {
        var detector = StillDetector()
        var grid = [UInt8](repeating: 100, count: 64)
        // Each picture brightens 13 of 64 cells by one level: a mean change of 0.2 from the picture
        // before (below the threshold) that adds up against the first picture of the run.
        for step in 0..<30 {
            for cell in 0..<13 { grid[(step * 13 + cell) % 64] &+= 1 }
            detector.add(grid, at: Double(step) / 10, fullRange: false)
        }
        detector.finish(at: 3.0)
        #expect(detector.frozenStretches.allSatisfy { $0.duration < 0.5 })
    }

    @Test func aStillRunIsOneStretch() {
        var detector = StillDetector()
        detector.add(Self.noise(1), at: 0, fullRange: false)
        detector.add(Self.noise(2), at: 0.5, fullRange: false)
        for step in 0..<10 { detector.add(Self.gray, at: 1.0 + Double(step) * 0.1, fullRange: false) }
        detector.add(Self.noise(3), at: 2.0, fullRange: false)
        detector.finish(at: 2.5)
        #expect(detector.frozenStretches == [TimeSpan(start: 1.0, end: 2.0)])
        #expect(detector.blackStretches.isEmpty)
    }

    @Test func blackUsesTheRangeOfTheVideo() {
        var limited = StillDetector()
        limited.add(Self.black, at: 0, fullRange: false)
        limited.finish(at: 1)
        #expect(limited.blackStretches == [TimeSpan(start: 0, end: 1)])

        // 16 is dark grey in full range (threshold 25), so still black; 40 is not black in either.
        var notBlack = StillDetector()
        notBlack.add([UInt8](repeating: 40, count: 64), at: 0, fullRange: true)
        notBlack.finish(at: 1)
        #expect(notBlack.blackStretches.isEmpty)
    }
}
