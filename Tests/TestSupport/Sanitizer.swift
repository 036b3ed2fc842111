import Foundation

/// The sanitizer the tests run under, if any: `scripts/sanitize` sets `SORAREEL_SANITIZER` to
/// `address` or `thread`. Their runtimes slow code down (about 2-3x and 5-15x), so deadlines
/// that only guard against hangs are stretched by ``slowdown``; nothing else changes.
public enum Sanitizer {
    public static let name = ProcessInfo.processInfo.environment["SORAREEL_SANITIZER"]

    public static var slowdown: Int {
        switch name {
        case "thread": 10
        case "address": 3
        default: 1
        }
    }

    /// `duration` stretched for the sanitizer in use.
    public static func scaled(_ duration: Duration) -> Duration {
        duration * slowdown
    }
}
