import ArgumentParser
import MediaKit

/// Numbers read from the command line, refused with their range in one line:
/// `--width must be 16-8192, got -5`. NaN and infinity are never numbers of seconds.
///
/// Options that use them parse `.unconditional`, so a negative value reaches the check
/// instead of being taken for an option ("Missing value for '--at'").
enum ArgumentValues {
    /// A transform for an integer option whose values lie in `range`.
    static func integer(_ name: String, _ range: ClosedRange<Int>) -> @Sendable (String) throws -> Int {
        { text in
            guard let value = Int(text), range.contains(value) else {
                throw ValidationError("\(name) must be \(Self.describe(range)), got \(text)")
            }
            return value
        }
    }

    /// A transform for a decimal option (seconds, a scale...) whose values lie in `range`.
    static func decimal(_ name: String, _ range: ClosedRange<Double>, unit: String = "") -> @Sendable (String) throws -> Double {
        { text in
            let suffix = unit.isEmpty ? "" : " \(unit)"
            guard let value = Double(text), value.isFinite else {
                throw ValidationError("\(name) must be a number\(unit.isEmpty ? "" : " of \(unit)") (\(Self.describe(range))), got \(text)")
            }
            guard range.contains(value) else {
                throw ValidationError("\(name) must be \(Self.describe(range))\(suffix), got \(text)")
            }
            return value
        }
    }

    /// A transform for a frame rate (`30`, `29.97`, `30000/1001`) of `range` frames per second.
    static func frameRate(_ name: String, _ range: ClosedRange<Double>) -> @Sendable (String) throws -> FrameRate {
        { text in
            guard let rate = FrameRate(text), range.contains(rate.value) else {
                throw ValidationError(
                    "\(name) must be \(Self.describe(range)) frames per second, as 30, 29.97 or 30000/1001, got \(text)"
                )
            }
            return rate
        }
    }

    /// A transform for the part of a clip to use, `START-END` in seconds: `0.5-4`, `1.5-` (to the
    /// end), `-4` (from the start); an empty value is the whole clip (`ClipTrim()`). Whether
    /// the times fit the clip is for the reel to say, once it knows the clip's length.
    static func trim(_ name: String) -> @Sendable (String) throws -> ClipTrim {
        { text in
            guard !text.isEmpty else { return ClipTrim() }
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            let isSeconds = { (part: Substring) in part.isEmpty || Double(part).map { $0.isFinite && $0 >= 0 } == true }
            guard parts.count == 2, parts.allSatisfy(isSeconds) else {
                throw ValidationError(
                    "\(name) must be START-END in seconds, one end may be left out (0.5-4, 1.5-, -4), or \"\" for the whole clip, got \(text)"
                )
            }
            let (start, end) = (Double(parts[0]) ?? 0, Double(parts[1]))
            if let end, end <= start {
                throw ValidationError("\(name) \(text): the end must be after the start")
            }
            return ClipTrim(start: start, end: end)
        }
    }

    /// Seconds that must be more than zero and at most `limit`.
    static func positiveSeconds(_ name: String, upTo limit: Double) -> @Sendable (String) throws -> Double {
        { text in
            let value = try Self.decimal(name, 0...limit, unit: "seconds")(text)
            guard value > 0 else { throw ValidationError("\(name) must be more than 0 and at most \(Self.number(limit)) seconds, got \(text)") }
            return value
        }
    }

    /// The first argument before `--` that starts with one `-`, is longer than a short option
    /// and is not a number: a file name such as `-dash.mp4`, which the parser would otherwise
    /// split into short options (`-d -a -s -h`, and `-h` prints help and exits 0). The value
    /// of `-o`/`--output` is left alone.
    static func dashedFileName(in arguments: [String]) -> String? {
        var previous = ""
        for argument in arguments {
            if argument == "--" { return nil }
            defer { previous = argument }
            guard previous != "-o", previous != "--output" else { continue }
            if argument.hasPrefix("-"), !argument.hasPrefix("--"), argument.count > 2, Double(argument) == nil {
                return argument
            }
        }
        return nil
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == .max ? "\(range.lowerBound) or more" : "\(range.lowerBound)-\(range.upperBound)"
    }

    /// `0-10`, `2 or more`, or `-40 to -5` where a dash would read as a minus sign.
    static func describe(_ range: ClosedRange<Double>) -> String {
        if range.upperBound == .greatestFiniteMagnitude { return "\(Self.number(range.lowerBound)) or more" }
        let joint = range.lowerBound < 0 || range.upperBound < 0 ? " to " : "-"
        return "\(Self.number(range.lowerBound))\(joint)\(Self.number(range.upperBound))"
    }

    /// `2`, `0.5`: a bound as people write it.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
