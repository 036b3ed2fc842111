import Testing

@testable import FFmpegKit

struct RationalTests {
    @Test func printsAsFFprobeDoes() {
        #expect(Rational(30000, 1001).description == "30000/1001")
        #expect(Rational(0, 0).description == "0/0")
    }

    @Test func zeroDenominatorsHaveNoValue() {
        #expect(Rational(0, 0).doubleValue == nil)
        #expect(Rational(1, 0).seconds(100) == nil)
        #expect(Rational(1, 1000).seconds(nil) == nil)
    }

    @Test func timestampsConvertBothWays() {
        let base = Rational(1, 90000)
        #expect(base.seconds(180_000) == 2.0)
        #expect(base.timestamp(seconds: 2.0) == 180_000)
        #expect(base.timestamp(seconds: .infinity) == 0)
        #expect(base.timestamp(seconds: 1e300) == .max)
        #expect(base.rescale(90000, to: Rational(1, 1000)) == 1000)
    }

    @Test func reducesAspectRatios() {
        #expect(Rational.reduced(1920, 1080, max: 1024 * 1024) == Rational(16, 9))
    }
}
