import ArgumentParser
import Foundation
import SoraClient
import Synchronization

extension Sorareel.Jobs {
    /// `sorareel jobs wait ID... [--timeout S] [--json]`: waits for jobs created elsewhere (a QA
    /// pipeline's, another machine's) to finish, all at once, and prints each final status.
    struct Wait: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Wait for jobs to finish, all at once, and print each one's final status; exit 1 unless all succeeded."
        )
        @Argument(help: "Job ids (Sora 1 task ids or Sora 2 video ids).") var ids: [String]
        @Option(
            name: .long, parsing: .unconditional, help: "Seconds to wait for all of them before giving up (1-86400).",
            transform: ArgumentValues.integer("--timeout", 1...86_400)) var timeout: Int = 1800
        @Flag(name: .long, help: "Print the result as JSON on stdout.") var json = false
        @OptionGroup var apiOptions: APIOptions
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard !self.ids.isEmpty else { throw ValidationError("name at least one job id") }
        }

        func run() async throws {
            var outcomes: [JobWaitOutcome] = []
            try await Sorareel.Jobs.withClient(self.apiOptions, self.global) { client in
                let deadline = ContinuousClock.now.advanced(by: .seconds(self.timeout))
                outcomes = await Self.wait(for: self.ids, client: client, deadline: deadline)
            }
            if self.json {
                try printJSON(["jobs": outcomes])
            } else {
                for outcome in outcomes { print(outcome.line) }
            }
            if outcomes.contains(where: { !$0.succeeded }) { throw ExitCode(1) }
        }

        /// Every job's outcome, in the order of `ids`; each waits with the client's own polling.
        static func wait(for ids: [String], client: SoraClient, deadline: ContinuousClock.Instant) async -> [JobWaitOutcome] {
            await withTaskGroup(of: (Int, JobWaitOutcome).self) { group in
                for (index, id) in ids.enumerated() {
                    group.addTask { (index, await Self.wait(for: id, client: client, deadline: deadline)) }
                }
                var outcomes = [JobWaitOutcome?](repeating: nil, count: ids.count)
                for await (index, outcome) in group { outcomes[index] = outcome }
                return outcomes.compactMap { $0 }
            }
        }

        static func wait(for id: String, client: SoraClient, deadline: ContinuousClock.Instant) async -> JobWaitOutcome {
            let polls = PollCounter()
            do {
                let first = try await client.generator.job(id)
                polls.add()
                let job = try await client.waitForCompletion(first, deadline: deadline) { _ in polls.add() }
                let reason: String? = if case .failed(let reason) = job.state { reason } else { nil }
                return JobWaitOutcome(
                    id: id, status: job.status, failureReason: reason, error: nil, polls: polls.count, succeeded: job.state == .succeeded
                )
            } catch let error as SoraAPIError {
                let status = error.code == .timedOut ? "timed_out" : "error"
                return JobWaitOutcome(id: id, status: status, failureReason: nil, error: error.description, polls: polls.count)
            } catch {
                return JobWaitOutcome(id: id, status: "error", failureReason: nil, error: "\(error)", polls: polls.count)
            }
        }
    }
}

/// One job's end as `jobs wait` saw it.
struct JobWaitOutcome: Encodable, Sendable {
    var id: String
    /// The API's final status (`succeeded`, `failed`, `completed`...), or `timed_out` / `error`.
    var status: String
    var failureReason: String?
    var error: String?
    /// Status requests answered for this job.
    var polls: Int
    /// Whether the job ended in success (not encoded: ``status`` says it in the API's words).
    var succeeded = false

    enum CodingKeys: String, CodingKey {
        case id, status, error, polls
        case failureReason = "failure_reason"
    }

    var line: String {
        var text = "\(self.id)  \(self.status)"
        if let failureReason { text += ": \(failureReason)" }
        if let error { text += ": \(error)" }
        return text
    }
}

/// Counts one job's status requests from the poller's update callback.
final class PollCounter: Sendable {
    private let value = Mutex(0)

    func add() {
        self.value.withLock { $0 += 1 }
    }

    var count: Int { self.value.withLock { $0 } }
}
