import ArgumentParser
import Foundation
import Logging
import ReelQueue

/// `--queue URL`, or `SORAREEL_QUEUE_URL`: the PostgreSQL database that holds a shared queue.
struct QueueOption: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The queue's PostgreSQL URL, postgres://user@host:port/database (default: $SORAREEL_QUEUE_URL). Put a password in ~/.pgpass-style PGPASSWORD, not here."
    )
    var queue: String?

    /// The URL given, with `PGPASSWORD` as its password when it names none.
    func url() throws -> String {
        guard let url = self.queue ?? ProcessInfo.processInfo.environment["SORAREEL_QUEUE_URL"], !url.isEmpty else {
            throw ValidationError("no queue: give --queue postgres://user@host:port/database or set SORAREEL_QUEUE_URL")
        }
        guard let password = ProcessInfo.processInfo.environment["PGPASSWORD"], !password.isEmpty,
            var parts = URLComponents(string: url), parts.password == nil
        else { return url }
        parts.password = password
        return parts.string ?? url
    }

    /// Opens the queue, or prints why not and exits 1.
    func open(logger: Logger) async throws -> QueueDatabase {
        let url = try self.url()
        do {
            return try await QueueDatabase.open(url, logger: logger)
        } catch {
            printError(describe(error))
            throw ExitCode(1)
        }
    }
}
