import Foundation
import Logging
import PostgresNIO
import ReelPipeline

/// A storyboard's budget, held across every worker: a shot's cost is reserved on its row in
/// the same transaction that checks the storyboard's attempts and other reservations (under
/// the storyboard's row lock), so that workers creating at once can never together pass it.
/// A reservation becomes the attempt's cost when the create begins, and a worker that dies in
/// between leaves a reservation that the shot's next worker replaces, never adds to.
struct QueueBudget: SpendGate {
    let database: QueueDatabase
    let storyboard: Int64
    let shot: Int64
    let budget: Budget

    func reserve(_ cost: Spend) async throws -> String? {
        let (storyboard, shot, budget, logger) = (self.storyboard, self.shot, self.budget, self.database.logger)
        let usd: Double? = cost.unpricedJobs > 0 ? nil : cost.usd
        return try await self.database.transaction { connection in
            try await connection.query("SELECT id FROM storyboards WHERE id = \(storyboard) FOR UPDATE", logger: logger).consume()
            var spent = try await Self.spent(storyboard: storyboard, on: connection, logger: logger)
            let reserved = try await connection.query(
                """
                SELECT count(*), COALESCE(sum(reserved_seconds), 0), COALESCE(sum(reserved_usd), 0), COALESCE(sum(reserved_unpriced), 0)
                FROM shots WHERE storyboard = \(storyboard) AND id <> \(shot) AND reserved_seconds IS NOT NULL
                """,
                logger: logger
            ).decode((Int, Int, Double, Int).self)
            for try await (jobs, seconds, dollars, unpriced) in reserved {
                spent = spent + Spend(jobs: jobs, billedSeconds: seconds, usd: dollars, unpricedJobs: unpriced)
            }
            if let refusal = budget.refusal(of: cost, after: spent) { return refusal }
            try await connection.query(
                """
                UPDATE shots SET reserved_seconds = \(cost.billedSeconds), reserved_usd = \(usd ?? 0), reserved_unpriced = \(cost.unpricedJobs)
                WHERE id = \(shot)
                """,
                logger: logger
            ).consume()
            return nil
        }
    }

    func refund(_ cost: Spend) async throws {
        try await self.database.execute(
            "UPDATE shots SET reserved_seconds = NULL, reserved_usd = NULL, reserved_unpriced = NULL WHERE id = \(self.shot)"
        )
    }

    /// What a storyboard's attempts bill (creates that may have made a job included).
    static func spent(storyboard: Int64, on client: PostgresClient, logger: Logger) async throws -> Spend {
        try await client.withConnection { connection in try await Self.spent(storyboard: storyboard, on: connection, logger: logger) }
    }

    static func spent(storyboard: Int64, on connection: PostgresConnection, logger: Logger) async throws -> Spend {
        let rows = try await connection.query(
            """
            SELECT count(*), COALESCE(sum(a.billed_seconds), 0), COALESCE(sum(a.usd), 0), count(*) FILTER (WHERE a.usd IS NULL)
            FROM attempts a JOIN shots s ON s.id = a.shot WHERE s.storyboard = \(storyboard)
            """,
            logger: logger
        ).decode((Int, Int, Double, Int).self)
        for try await (jobs, seconds, usd, unpriced) in rows {
            return Spend(jobs: jobs, billedSeconds: seconds, usd: (usd * 1e6).rounded() / 1e6, unpricedJobs: unpriced)
        }
        return Spend()
    }
}
