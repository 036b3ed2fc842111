import Foundation
import PostgresNIO

/// A deployment's running slots and request rate, counted in the database so that they hold
/// across every worker: a shot holds a slot from its claim (or from a QA retry's new job)
/// until its job has finished, and each job's create takes a token from the deployment's
/// bucket first (the rate with a burst of ten seconds' worth).
struct DeploymentSlots: Sendable {
    let database: QueueDatabase
    let worker: String
    /// How long to wait before looking again when no slot or token is free.
    var retry: Duration = .milliseconds(250)

    /// Waits until the shot holds a slot on its deployment, then for a token of its rate.
    /// - Throws: ``QueueError`` when another worker has taken the shot over.
    func acquire(shot: Int64, name: String) async throws {
        var deployment: String?
        while deployment == nil {
            deployment = try await self.tryHold(shot: shot, name: name)
            if deployment == nil { try await Task.sleep(for: self.retry) }
        }
        while !(try await self.takeToken(deployment ?? "")) {
            try await Task.sleep(for: self.retry)
        }
    }

    /// Gives the slot back: the job is over (its clips are downloaded and checked without one).
    func release(shot: Int64) async throws {
        try await self.database.execute("UPDATE shots SET holding = false WHERE id = \(shot)")
    }

    /// The shot's deployment when the shot holds (or now took) one of its slots; `nil` when all
    /// are taken or the deployment is benched.
    private func tryHold(shot: Int64, name: String) async throws -> String? {
        let worker = self.worker
        let logger = self.database.logger
        return try await self.database.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(QueueSchema.claimLock))", logger: logger).consume()
            let rows = try await connection.query(
                """
                SELECT s.lease_owner, s.holding, d.name, d.max_running, COALESCE(d.benched_until > now(), false),
                    (SELECT count(*) FROM shots o WHERE o.deployment = d.name AND o.holding AND o.lease_until > now() AND o.id <> s.id)
                FROM shots s JOIN deployments d ON d.name = s.deployment WHERE s.id = \(shot)
                """,
                logger: logger
            ).decode((String?, Bool, String, Int, Bool, Int).self)
            for try await (owner, holding, deployment, cap, benched, load) in rows {
                guard owner == worker else {
                    throw QueueError("\(name): this worker's lease ran out and another worker took the shot over")
                }
                if holding { return deployment }
                guard !benched, load < cap else { return nil }
                try await connection.query("UPDATE shots SET holding = true WHERE id = \(shot)", logger: logger).consume()
                return deployment
            }
            throw QueueError("\(name): the shot has no deployment")
        }
    }

    /// Takes one token from the deployment's bucket; `false` when it is empty.
    private func takeToken(_ deployment: String) async throws -> Bool {
        let rows = try await self.database.client.query(
            """
            UPDATE deployments SET
                tokens = LEAST(GREATEST(1, requests_per_minute / 6.0), tokens + EXTRACT(EPOCH FROM (now() - tokens_at)) * requests_per_minute / 60.0) - 1,
                tokens_at = now()
            WHERE name = \(deployment)
                AND LEAST(GREATEST(1, requests_per_minute / 6.0), tokens + EXTRACT(EPOCH FROM (now() - tokens_at)) * requests_per_minute / 60.0) >= 1
            RETURNING name
            """
        ).decode(String.self)
        for try await _ in rows { return true }
        return false
    }
}
