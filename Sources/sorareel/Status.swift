import ArgumentParser
import Foundation
import ReelQueue

extension Sorareel {
    /// `sorareel status --queue URL [--json]`
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a shared queue: each storyboard, shot, worker and deployment."
        )

        @Flag(name: .long, help: "Print the queue as JSON on stdout.")
        var json = false

        @OptionGroup var queue: QueueOption
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let database = try await self.queue.open(logger: self.global.logger)
            let status: QueueStatus
            do {
                status = try await QueueStatus.read(database)
            } catch {
                await database.close()
                printError("\(database.location): \(describe(error))")
                throw ExitCode(1)
            }
            await database.close()
            if self.json {
                try printJSON(status)
            } else {
                print(QueueStatusText(status: status).text)
            }
        }
    }
}

/// The queue as tables a person reads.
struct QueueStatusText {
    let status: QueueStatus

    var text: String {
        var lines: [String] = []
        lines.append("storyboards:")
        for board in self.status.storyboards {
            var line = "  #\(board.id) \(board.title): \(board.state), \(board.shotsDone)/\(board.shots) shots done, \(board.output)"
            if let passed = board.passed { line += passed ? " (passed)" : " (failed)" }
            if let error = board.error { line += ": \(error)" }
            lines.append(line)
        }
        lines.append("shots:")
        for shot in self.status.shots {
            var line = "  #\(shot.storyboard) \(shot.name): \(shot.state)"
            if let deployment = shot.deployment { line += " on \(deployment)" }
            if let worker = shot.worker { line += " by \(worker)" }
            if !shot.jobs.isEmpty { line += ", job\(shot.jobs.count == 1 ? "" : "s") \(shot.jobs.joined(separator: ", "))" }
            if let error = shot.error { line += ": \(error)" }
            lines.append(line)
        }
        lines.append("workers:")
        for worker in self.status.workers {
            lines.append(
                "  \(worker.id) on \(worker.host): \(worker.state), \(worker.shots) shot\(worker.shots == 1 ? "" : "s"), last seen \(Int(worker.lastSeen))s ago"
            )
        }
        lines.append("deployments:")
        for deployment in self.status.deployments {
            var line =
                "  \(deployment.name) (\(deployment.api) \(deployment.model) at \(deployment.endpoint)): \(deployment.running)/\(deployment.maxRunning) running, \(deployment.requestsPerMinute)/min"
            if let benched = deployment.benchedFor { line += ", benched for \(Int(benched))s" }
            if let error = deployment.lastError { line += ", last error: \(error)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
