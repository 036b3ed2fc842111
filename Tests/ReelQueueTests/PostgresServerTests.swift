import Foundation
import Logging
import PostgresNIO
import ReelQueue
import TestSupport
import Testing

/// The test server itself: a real PostgreSQL started by the tests, answering real queries.
@Suite(.timeLimit(.minutes(3)))
struct PostgresServerTests {
    @Test(.enabled(if: PostgresServer.unavailable == nil, "PostgreSQL is not installed"))
    func aServerStartsAndAnswers() async throws {
        let url = try #require(try await PostgresServer.makeDatabase())
        let database = try await QueueDatabase.open(url)
        var answers: [Int] = []
        for try await value in try await database.client.query("SELECT \(41) + 1").decode(Int.self) {
            answers.append(value)
        }
        var tables: [String] = []
        for try await name in try await database.client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").decode(
            String.self)
        {
            tables.append(name)
        }
        await database.close()
        #expect(answers == [42])
        #expect(tables == ["attempts", "deployments", "events", "shots", "storyboards", "variants", "workers"])
    }
}
