/// A frame rate as a fraction, as containers store it: `30000/1001` for NTSC's 29.97 fps,
/// `25/1` for PAL. Parsed from `30`, `29.97` or `30000/1001`.
public struct FrameRate: Sendable, Hashable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public var numerator: Int
    public var denominator: Int

    /// `numerator/denominator`, reduced; the denominator must be positive.
    public init(_ numerator: Int, _ denominator: Int = 1) {
        let divisor = Self.gcd(abs(numerator), abs(denominator))
        self.numerator = divisor == 0 ? numerator : numerator / divisor
        self.denominator = divisor == 0 ? denominator : denominator / divisor
    }

    /// Reads `30`, `30000/1001` or a decimal such as `29.97`, which stands for the NTSC rate
    /// `30000/1001` as people write it (likewise 23.976, 59.94); other decimals are exact
    /// (`12.5` is `25/2`). `nil` for anything else, zero, negatives, NaN and infinity.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let numerator = Int(parts[0]), let denominator = Int(parts[1]), numerator > 0, denominator > 0 else { return nil }
            self.init(numerator, denominator)
            return
        }
        guard parts.count == 1, let value = Double(text), value.isFinite, value > 0, value < 1_000_000 else { return nil }
        self.init(approximating: value)
    }

    /// The rate closest to `value` as people mean it: a whole number, an NTSC rate (N x 1000/1001),
    /// or the decimal itself, to the millihertz.
    public init(approximating value: Double) {
        let whole = value.rounded()
        let ntsc = (value * 1.001).rounded()
        if abs(value - whole) < 0.0005 {
            self.init(Int(whole), 1)
        } else if ntsc >= 1, abs(value - ntsc * 1000 / 1001) < 0.005 {
            self.init(Int(ntsc) * 1000, 1001)
        } else {
            self.init(Int((value * 1000).rounded()), 1000)
        }
    }

    /// Decodes the text form, `"30000/1001"` or `"30"`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let rate = FrameRate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a frame rate: \(text)"))
        }
        self = rate
    }

    /// Encodes the text form, `"30000/1001"` or `"30"`, as ffprobe writes rates.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.description)
    }

    /// Frames per second as a number.
    public var value: Double { Double(self.numerator) / Double(self.denominator) }

    /// `30000/1001`, or `30` for a whole rate.
    public var description: String {
        self.denominator == 1 ? String(self.numerator) : "\(self.numerator)/\(self.denominator)"
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int {
        b == 0 ? a : Self.gcd(b, a % b)
    }
}
