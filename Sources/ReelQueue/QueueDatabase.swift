import Foundation
import Logging
public import PostgresNIO

/// The PostgreSQL database that holds a shared queue: a pooled client running for as long as
/// this value is open, with the queue's tables made on first use.
///
/// Every query binds its values (`\(value)` in a ``PostgresQuery``); none is built from text.
public final class QueueDatabase: Sendable {
    /// The pooled client; usable until ``close()``.
    public let client: PostgresClient
    /// Where it is, without any password: safe to print.
    public let location: String
    let logger: Logger
    private let runner: Task<Void, Never>

    private init(client: PostgresClient, location: String, logger: Logger) {
        self.client = client
        self.location = location
        self.logger = logger
        self.runner = Task { await client.run() }
    }

    /// Connects to `url` (`postgres://user:password@host:port/database?sslmode=disable|prefer|require`)
    /// and makes the queue's tables if they are missing.
    /// - Throws: ``QueueError`` naming the database (never its password) and the reason.
    public static func open(_ url: String, logger: Logger = Logger(label: "sorareel.queue")) async throws -> QueueDatabase {
        let address = try QueueAddress(url)
        do {
            let connection = try await PostgresConnection.connect(configuration: address.probe, id: 0, logger: logger)
            try? await connection.close()
        } catch {
            throw QueueError("\(address.display): cannot connect: \(QueueError.describe(error))")
        }
        let database = QueueDatabase(
            client: PostgresClient(configuration: address.configuration, backgroundLogger: logger), location: address.display, logger: logger)
        do {
            try await QueueSchema.migrate(database)
        } catch {
            await database.close()
            throw QueueError("\(address.display): \(QueueError.describe(error))")
        }
        return database
    }

    /// Runs `body` in one transaction, committed when it returns and rolled back when it throws.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await self.client.withTransaction(logger: self.logger) { connection in try await body(connection) }
    }

    /// Runs a statement that returns no rows.
    func execute(_ query: PostgresQuery) async throws {
        try await self.client.query(query, logger: self.logger).consume()
    }

    /// Closes every connection.
    public func close() async {
        self.runner.cancel()
        _ = await self.runner.value
    }
}

extension PostgresRowSequence {
    /// Reads and drops every row (a statement's rows must be read for its connection to return).
    func consume() async throws {
        for try await _ in self {}
    }
}
