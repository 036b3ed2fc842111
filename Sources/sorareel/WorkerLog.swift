import Foundation
import ReelPipeline

/// A worker's progress on stderr: one plain, timed line per change (a worker runs for hours,
/// often under a service manager, so nothing is redrawn in place).
struct WorkerLog: RunObserver {
    let quiet: Bool

    func shot(_ name: String, state: String, percent: Int?, detail: String?) {
        guard !self.quiet, state != "queued", state != "running" || percent == nil || percent == 0 else { return }
        var line = "\(name) \(state)"
        if let percent { line += " \(percent)%" }
        if let detail { line += "  \(detail)" }
        self.write(line)
    }

    func note(_ message: String) {
        guard !self.quiet else { return }
        self.write(message)
    }

    private func write(_ line: String) {
        let time = Date().formatted(.iso8601.time(includingFractionalSeconds: false))
        printError("\(time) \(line)")
    }
}
