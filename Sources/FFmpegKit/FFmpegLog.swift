internal import CFFmpeg
internal import CFFmpegShims
import Synchronization

/// FFmpeg's process-wide logging, routed so that messages reach the context that caused them.
///
/// FFmpeg writes decoder and demuxer complaints ("Invalid NAL unit size", "moov atom not
/// found") to its log rather than returning them. FFmpegKit installs one router, once: each
/// message from a context that carries a ``LogCollector`` goes to that collector, where
/// validation counts it; anything else goes to the sink the command line chose, if any.
package enum FFmpegLog {
    /// FFmpeg log levels, lower is more severe.
    package enum Level: Int32, Sendable, Comparable {
        case quiet = -8
        case panic = 0
        case fatal = 8
        case error = 16
        case warning = 24
        case info = 32
        case verbose = 40
        case debug = 48

        package static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Receives messages that no collector claimed: level and one formatted line.
    package typealias Sink = @Sendable (Level, String) -> Void

    private static let state = Mutex<(sink: Sink?, level: Level)>((nil, .quiet))

    /// Installs the router; idempotent and cheap after the first call.
    static let installed: Void = {
        CFFmpegShims_installLogRouter(
            { tag, level, line in
                guard let line else { return }
                let text = String(cString: line).trimmingSuffixNewlines()
                let level = Level(rawValue: level) ?? .debug
                if let tag {
                    Unmanaged<LogCollector>.fromOpaque(tag).takeUnretainedValue().record(level: level, line: text)
                } else {
                    FFmpegLog.forward(level: level, line: text)
                }
            },
            Level.error.rawValue
        )
    }()

    /// Sends messages not claimed by a collector, at `level` or more severe, to `sink`.
    /// Only the command line calls this; libraries never print.
    package static func setSink(level: Level, _ sink: Sink?) {
        _ = Self.installed
        Self.state.withLock { $0 = (sink, level) }
        CFFmpegShims_setRouterLevel(max(level, .error).rawValue)
    }

    private static func forward(level: Level, line: String) {
        let (sink, maxLevel) = Self.state.withLock { $0 }
        if let sink, level <= maxLevel {
            sink(level, line)
        }
    }
}

/// Collects the error messages FFmpeg logs for one context (and its decoder threads).
package final class LogCollector: Sendable {
    private let lines = Mutex<(count: Int, first: [String])>((0, []))
    private static let keptLines = 8

    package init() {
        _ = FFmpegLog.installed
    }

    func record(level: FFmpegLog.Level, line: String) {
        guard level <= .error else { return }
        self.lines.withLock { state in
            state.count += 1
            if state.first.count < Self.keptLines {
                state.first.append(line)
            }
        }
    }

    /// How many error-level messages were logged so far.
    package var errorCount: Int { self.lines.withLock { $0.count } }

    /// The first few error messages, without FFmpeg's `[codec @ 0x...]` prefix.
    package var firstErrors: [String] {
        self.lines.withLock { $0.first }.map { $0.withoutContextPrefix() }
    }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

extension String {
    fileprivate func trimmingSuffixNewlines() -> String {
        var text = Substring(self)
        while let last = text.last, last.isNewline { text = text.dropLast() }
        return String(text)
    }

    fileprivate func withoutContextPrefix() -> String {
        guard self.hasPrefix("["), let close = self.firstIndex(of: "]") else { return self }
        return String(self[self.index(after: close)...].drop(while: { $0 == " " }))
    }
}
