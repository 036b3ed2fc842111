internal import CFFmpeg

/// A Swift mirror of `AVRational`: a numerator and a denominator, either of which may be zero
/// when the file says so (`0/0` frame rates are common and valid to report).
package struct Rational: Hashable, Sendable, CustomStringConvertible {
    package var numerator: Int32
    package var denominator: Int32

    package init(_ numerator: Int32, _ denominator: Int32) {
        self.numerator = numerator
        self.denominator = denominator
    }

    init(_ rational: AVRational) {
        self.init(rational.num, rational.den)
    }

    var av: AVRational { AVRational(num: self.numerator, den: self.denominator) }

    /// The value as a `Double`, or `nil` when the denominator is zero.
    package var doubleValue: Double? {
        self.denominator == 0 ? nil : Double(self.numerator) / Double(self.denominator)
    }

    /// `num/den`, as ffprobe prints rates and time bases.
    package var description: String { "\(self.numerator)/\(self.denominator)" }

    /// Converts a timestamp in this time base to seconds; `nil` for `AV_NOPTS_VALUE` or a zero denominator.
    package func seconds(_ timestamp: Int64?) -> Double? {
        guard let timestamp, timestamp != cffmpeg_AV_NOPTS_VALUE, let base = self.doubleValue else { return nil }
        return Double(timestamp) * base
    }

    /// Converts seconds to a timestamp in this time base, clamped to the representable range.
    package func timestamp(seconds: Double) -> Int64 {
        guard let base = self.doubleValue, base > 0, seconds.isFinite else { return 0 }
        let value = (seconds / base).rounded()
        if value >= 9.2e18 { return .max }
        if value <= -9.2e18 { return .min + 1 }
        return Int64(value)
    }

    /// Rescales `value` from this time base to `other` without overflow.
    ///
    /// The corresponding FFmpeg function is `av_rescale_q`.
    package func rescale(_ value: Int64, to other: Rational) -> Int64 {
        av_rescale_q(value, self.av, other.av)
    }

    /// The fraction reduced so that neither part exceeds `max`, as ffprobe reduces aspect ratios.
    ///
    /// The corresponding FFmpeg function is `av_reduce`.
    package static func reduced(_ numerator: Int64, _ denominator: Int64, max: Int64) -> Rational {
        var num: Int32 = 0
        var den: Int32 = 0
        _ = av_reduce(&num, &den, numerator, denominator, max)
        return Rational(num, den)
    }

    /// `AV_TIME_BASE_Q`: microseconds, the unit of container-level times.
    package static let microseconds = Rational(1, Int32(AV_TIME_BASE))
}
