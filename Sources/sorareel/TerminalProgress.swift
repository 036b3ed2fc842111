import Foundation
import ReelPipeline
import Synchronization

/// Shows progress on stderr: a live line per shot, redrawn in place, when stderr is a
/// terminal; one plain line per change otherwise (CI logs, pipes).
final class TerminalProgress: RunObserver {
    private struct State {
        var order: [String] = []
        var lines: [String: String] = [:]
        var started: [String: Date] = [:]
        var drawn = 0
        var lastPlain: [String: String] = [:]
        /// The spend line, drawn under the shots.
        var spend: String?
    }

    private let state = Mutex(State())
    private let live: Bool
    private let quiet: Bool

    init(quiet: Bool) {
        self.live = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        self.quiet = quiet
    }

    func shot(_ name: String, state: String, percent: Int?, detail: String?) {
        guard !self.quiet else { return }
        self.state.withLock { progress in
            if progress.started[name] == nil {
                progress.started[name] = Date()
                progress.order.append(name)
            }
            let elapsed = Int(Date().timeIntervalSince(progress.started[name] ?? Date()))
            let width = max(14, progress.order.map { TextWidth.columns($0) }.max() ?? 0)
            var line = "\(TextWidth.padded(name, to: width)) \(state)"
            if let percent { line += " \(percent)%" }
            if let detail { line += "  \(detail)" }
            line += "  \(elapsed)s"
            progress.lines[name] = line
            if self.live {
                Self.redraw(&progress)
            } else if progress.lastPlain[name] != "\(state)\(percent ?? -1)" {
                progress.lastPlain[name] = "\(state)\(percent ?? -1)"
                FileHandle.standardError.write(Data("[\(name)] \(state)\(percent.map { " \($0)%" } ?? "")\(detail.map { " \($0)" } ?? "")\n".utf8))
            }
        }
    }

    func note(_ message: String) {
        guard !self.quiet else { return }
        self.state.withLock { progress in
            if self.live && progress.drawn > 0 {
                FileHandle.standardError.write(Data("\u{1B}[\(progress.drawn)A\u{1B}[J".utf8))
                progress.drawn = 0
            }
            FileHandle.standardError.write(Data("\(message)\n".utf8))
            if self.live { Self.redraw(&progress) }
        }
    }

    func spend(_ spent: Spend, budget: Budget) {
        guard !self.quiet else { return }
        let line = "spent: \(spent.summary)" + (budget.isLimited ? " of a budget of \(budget.summary)" : "")
        self.state.withLock { progress in
            guard progress.spend != line else { return }
            progress.spend = line
            if self.live {
                Self.redraw(&progress)
            } else {
                FileHandle.standardError.write(Data("\(line)\n".utf8))
            }
        }
    }

    private static func redraw(_ progress: inout State) {
        var text = progress.drawn > 0 ? "\u{1B}[\(progress.drawn)A" : ""
        for name in progress.order {
            text += "\u{1B}[2K\(progress.lines[name] ?? name)\n"
        }
        if let spend = progress.spend { text += "\u{1B}[2K\(spend)\n" }
        progress.drawn = progress.order.count + (progress.spend == nil ? 0 : 1)
        FileHandle.standardError.write(Data(text.utf8))
    }
}
