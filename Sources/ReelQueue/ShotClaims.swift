import Foundation
import PostgresNIO
import SoraAPI

/// A shot a worker holds under lease, and the deployment it goes to.
struct ClaimedShot: Sendable, Hashable {
    var id: Int64
    var storyboard: Int64
    var name: String
    var position: Int
    var deployment: String
}

/// Claims, leases and the deployments' shared records: the queue's coordination, all of it
/// in PostgreSQL transactions.
struct ShotClaims: Sendable {
    let database: QueueDatabase
    let options: WorkerOptions

    private var logger: Logger { self.database.logger }

    /// Records this worker's deployments (their caps and rates shared with every worker that
    /// lists the same names) and the worker itself.
    func register(_ deployments: [Deployment]) async throws {
        for deployment in deployments {
            let burst = max(1, Double(deployment.requestsPerMinute) / 6)
            try await self.database.execute(
                """
                INSERT INTO deployments (name, api, endpoint, model, max_running, requests_per_minute, tokens)
                VALUES (\(deployment.name), \(deployment.api.rawValue), \(deployment.endpoint), \(deployment.model),
                    \(deployment.maxRunning), \(deployment.requestsPerMinute), \(burst))
                ON CONFLICT (name) DO UPDATE SET api = EXCLUDED.api, endpoint = EXCLUDED.endpoint, model = EXCLUDED.model,
                    max_running = EXCLUDED.max_running, requests_per_minute = EXCLUDED.requests_per_minute, updated_at = now()
                """
            )
        }
        try await self.database.execute(
            """
            INSERT INTO workers (id, host, pid, state) VALUES (\(self.options.id), \(self.options.host), \(Int(getpid())), 'running')
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), state = 'running'
            """
        )
    }

    /// Takes the next shot this worker can run: the oldest storyboard's first shot that is not
    /// finished and not held (or whose holder's lease ran out), on a deployment of this worker's
    /// with a free slot and not benched (the one it is bound to when it has a job there, else
    /// the least loaded that serves its API and model). Claims are serialized by an advisory
    /// lock, so that a deployment's slots are counted once; shots are locked `SKIP LOCKED`.
    func claim(from deployments: [String]) async throws -> ClaimedShot? {
        let (worker, lease, logger) = (self.options.id, self.options.leaseSeconds, self.logger)
        return try await self.database.transaction { connection -> ClaimedShot? in
            try await connection.query("SELECT pg_advisory_xact_lock(\(QueueSchema.claimLock))", logger: logger).consume()
            var free: [(name: String, api: String, model: String, load: Double)] = []
            let loads = try await connection.query(
                """
                SELECT d.name, d.api, d.model, d.max_running,
                    (SELECT count(*) FROM shots s WHERE s.deployment = d.name AND s.holding AND s.lease_until > now())
                FROM deployments d
                WHERE d.name = ANY(\(deployments)) AND (d.benched_until IS NULL OR d.benched_until <= now())
                """,
                logger: logger
            ).decode((String, String, String, Int, Int).self)
            for try await (name, api, model, cap, load) in loads where load < cap {
                free.append((name, api, model, Double(load) / Double(max(cap, 1))))
            }
            guard !free.isEmpty else { return nil }
            let names = free.map(\.name)
            let rows = try await connection.query(
                """
                SELECT s.id, s.storyboard, s.name, s.position, s.api, s.model, s.deployment FROM shots s
                JOIN storyboards b ON b.id = s.storyboard
                WHERE b.state IN ('queued', 'running')
                    AND (s.state IN ('pending', 'creating', 'created') OR s.entry IS NULL)
                    AND (s.lease_until IS NULL OR s.lease_until < now())
                    AND (s.after IS NULL OR EXISTS (
                        SELECT 1 FROM shots p WHERE p.storyboard = s.storyboard AND p.name = s.after AND p.entry IS NOT NULL))
                    AND ((s.deployment IS NULL AND EXISTS (
                            SELECT 1 FROM deployments d WHERE d.name = ANY(\(names)) AND d.api = s.api AND (d.model = s.model OR d.model = '*')))
                        OR s.deployment = ANY(\(names)))
                ORDER BY s.storyboard, s.position
                FOR UPDATE OF s SKIP LOCKED LIMIT 1
                """,
                logger: logger
            ).decode((Int64, Int64, String, Int, String, String, String?).self)
            var found: (Int64, Int64, String, Int, String, String, String?)?
            for try await row in rows { found = row }
            guard let (id, storyboard, name, position, api, model, bound) = found else { return nil }
            let deployment =
                bound
                ?? free.filter { $0.api == api && ($0.model == model || $0.model == "*") }.min { ($0.load, $0.name) < ($1.load, $1.name) }?.name
            guard let deployment else { return nil }
            try await connection.query(
                """
                UPDATE shots SET lease_owner = \(worker), lease_until = now() + make_interval(secs => \(lease)),
                    deployment = \(deployment), holding = true, claims = claims + 1, updated_at = now()
                WHERE id = \(id)
                """,
                logger: logger
            ).consume()
            try await connection.query(
                """
                UPDATE storyboards SET state = 'running', started_at = COALESCE(started_at, EXTRACT(EPOCH FROM now())::float8)
                WHERE id = \(storyboard) AND state = 'queued'
                """,
                logger: logger
            ).consume()
            return ClaimedShot(id: id, storyboard: storyboard, name: name, position: position, deployment: deployment)
        }
    }

    /// Renews this worker's leases (shots and a storyboard it is finishing) and its heartbeat.
    func heartbeat() async throws {
        let (worker, lease) = (self.options.id, self.options.leaseSeconds)
        try await self.database.execute(
            "UPDATE shots SET lease_until = now() + make_interval(secs => \(lease)) WHERE lease_owner = \(worker)"
        )
        try await self.database.execute(
            """
            UPDATE storyboards SET finish_until = now() + make_interval(secs => \(lease))
            WHERE finisher = \(worker) AND state = 'finishing'
            """
        )
        try await self.database.execute("UPDATE workers SET heartbeat_at = now() WHERE id = \(worker)")
    }

    /// Gives back everything this worker holds, for others to take at once: its shots keep
    /// their records (a job under way is adopted, not made again).
    func handBack() async throws {
        let worker = self.options.id
        try await self.database.execute(
            "UPDATE shots SET lease_owner = NULL, lease_until = NULL, holding = false WHERE lease_owner = \(worker)"
        )
        try await self.database.execute(
            "UPDATE storyboards SET state = 'running', finisher = NULL, finish_until = NULL WHERE finisher = \(worker) AND state = 'finishing'"
        )
        try await self.database.execute("UPDATE workers SET state = 'stopped', heartbeat_at = now() WHERE id = \(worker)")
    }

    /// Records how a shot ended and lets it go: its manifest entry (what the storyboard's
    /// finisher builds the manifest from), and the deployment's health. A shot that failed on
    /// its deployment before any job was made goes back to the queue, unbound, for another.
    /// - Returns: whether the shot went back to the queue.
    func settle(_ claim: ClaimedShot, entry: Data, failedOnDeployment fault: String?, succeeded: Bool) async throws -> Bool {
        let (worker, options, logger) = (self.options.id, self.options, self.logger)
        let json = String(decoding: entry, as: UTF8.self)
        return try await self.database.transaction { connection in
            if succeeded {
                try await connection.query("UPDATE deployments SET failures = 0 WHERE name = \(claim.deployment)", logger: logger).consume()
            }
            if let fault {
                try await connection.query(
                    """
                    UPDATE deployments SET last_error = \(fault),
                        benched_until = CASE WHEN failures + 1 >= \(options.benchAfter)
                            THEN now() + make_interval(secs => \(options.benchSeconds)) ELSE benched_until END,
                        failures = CASE WHEN failures + 1 >= \(options.benchAfter) THEN 0 ELSE failures + 1 END
                    WHERE name = \(claim.deployment)
                    """,
                    logger: logger
                ).consume()
                var jobs = 0
                var claims = 0
                let rows = try await connection.query(
                    """
                    SELECT (SELECT count(*) FROM attempts WHERE shot = \(claim.id) AND (job_id IS NOT NULL OR state = 'creating')), claims
                    FROM shots WHERE id = \(claim.id)
                    """,
                    logger: logger
                ).decode((Int, Int).self)
                for try await row in rows { (jobs, claims) = row }
                if jobs == 0, claims < options.maxClaims {
                    try await connection.query(
                        """
                        UPDATE shots SET state = 'pending', deployment = NULL, error = NULL, entry = NULL, holding = false,
                            lease_owner = NULL, lease_until = NULL, updated_at = now()
                        WHERE id = \(claim.id) AND lease_owner = \(worker)
                        """,
                        logger: logger
                    ).consume()
                    return true
                }
            }
            try await connection.query(
                """
                UPDATE shots SET entry = \(json), holding = false, lease_owner = NULL, lease_until = NULL, updated_at = now()
                WHERE id = \(claim.id) AND lease_owner = \(worker)
                """,
                logger: logger
            ).consume()
            return false
        }
    }

    /// Takes the finishing of storyboard `id` when every shot has ended and no other worker
    /// is finishing it (or the one that was has stopped beating).
    /// - Returns: when its first shot was claimed (Unix seconds), when this worker is to finish it.
    func claimFinish(_ id: Int64) async throws -> Double? {
        let (worker, lease) = (self.options.id, self.options.leaseSeconds)
        let rows = try await self.database.client.query(
            """
            UPDATE storyboards SET state = 'finishing', finisher = \(worker), finish_until = now() + make_interval(secs => \(lease))
            WHERE id = \(id)
                AND (state IN ('queued', 'running') OR (state = 'finishing' AND finish_until < now()))
                AND NOT EXISTS (SELECT 1 FROM shots WHERE storyboard = \(id) AND (entry IS NULL OR state IN ('pending', 'creating', 'created')))
            RETURNING COALESCE(started_at, EXTRACT(EPOCH FROM submitted_at)::float8)
            """
        ).decode(Double.self)
        for try await started in rows { return started }
        return nil
    }

    /// Storyboards whose shots have all ended, waiting for a finisher.
    func finishable() async throws -> [Int64] {
        var ids: [Int64] = []
        let rows = try await self.database.client.query(
            """
            SELECT b.id FROM storyboards b
            WHERE (b.state IN ('queued', 'running') OR (b.state = 'finishing' AND b.finish_until < now()))
                AND NOT EXISTS (SELECT 1 FROM shots WHERE storyboard = b.id AND (entry IS NULL OR state IN ('pending', 'creating', 'created')))
            ORDER BY b.id
            """
        ).decode(Int64.self)
        for try await id in rows { ids.append(id) }
        return ids
    }

    /// The manifest entry of the shot named `name`, once it has ended: the source of a shot
    /// that continues from it.
    func entry(of name: String, in storyboard: Int64) async throws -> Data? {
        for try await entry in try await self.database.client.query(
            "SELECT entry FROM shots WHERE storyboard = \(storyboard) AND name = \(name) AND entry IS NOT NULL"
        ).decode(String.self) {
            return Data(entry.utf8)
        }
        return nil
    }

    /// The shots' manifest entries, in storyboard order.
    func entries(_ id: Int64) async throws -> [Data] {
        var entries: [Data] = []
        for try await entry in try await self.database.client.query(
            "SELECT entry FROM shots WHERE storyboard = \(id) AND entry IS NOT NULL ORDER BY position"
        ).decode(String.self) {
            entries.append(Data(entry.utf8))
        }
        return entries
    }

    /// Storyboard `id` is finished: its reel, manifest and report are written.
    func finished(_ id: Int64, passed: Bool, error: String?) async throws {
        try await self.database.execute(
            """
            UPDATE storyboards SET state = \(error == nil ? "done" : "failed"), passed = \(passed), error = \(error), finished_at = now(),
                finish_until = NULL
            WHERE id = \(id) AND finisher = \(self.options.id)
            """
        )
    }

    /// Whether nothing is left to do: no storyboard queued, running or finishing.
    func idle() async throws -> Bool {
        for try await count in try await self.database.client.query(
            "SELECT count(*) FROM storyboards WHERE state IN ('queued', 'running', 'finishing')"
        ).decode(Int.self) {
            return count == 0
        }
        return true
    }
}
