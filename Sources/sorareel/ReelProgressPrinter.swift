import Foundation
import MediaKit
import Synchronization

/// Shows a reel's progress on stderr: one line redrawn in place when stderr is a terminal,
/// otherwise a plain line at each tenth of the reel (logs and pipes stay short).
final class ReelProgressPrinter: Sendable {
    private let live: Bool
    /// The last tenth printed (plain lines), and whether a live line is on screen.
    private let state = Mutex((tenth: 0, drawn: false))

    init() {
        self.live = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    /// Reports `progress`; call ``finish()`` when the reel is done or has failed.
    func report(_ progress: ReelProgress) {
        let percent = Int((progress.fraction * 100).rounded(.down))
        let text = "writing the reel: \(percent)% (\(Self.seconds(progress.seconds)) of \(Self.seconds(progress.total)))"
        self.state.withLock { state in
            if self.live {
                FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
                state.drawn = true
            } else {
                let tenth = percent / 10
                guard tenth > state.tenth else { return }
                state.tenth = tenth
                FileHandle.standardError.write(Data((text + "\n").utf8))
            }
        }
    }

    /// Ends the live line so that what follows starts on a line of its own.
    func finish() {
        self.state.withLock { state in
            if state.drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            state.drawn = false
        }
    }

    private static func seconds(_ value: Double) -> String {
        String(format: "%.1f s", value)
    }
}
