import Foundation
import MediaKit
import PostgresNIO
import ReelPipeline
import SoraClient

/// One storyboard's memory in the shared queue, as one worker sees it: the same records as the
/// SQLite journal (shots, attempts, variants, events), keyed by the storyboard.
///
/// Writes that decide what is sent (a shot's state, a create's intent) go through only while
/// this worker holds the shot's lease: a worker whose lease ran out (paused, cut off) finds
/// its shot taken over and stops, rather than creating a second job. A job id is recorded
/// whatever the lease: the job exists.
final class PostgresRunStore: RunStore {
    let database: QueueDatabase
    let storyboard: Int64
    let worker: String
    /// Shot ids by name.
    let ids: [String: Int64]

    init(database: QueueDatabase, storyboard: Int64, worker: String) async throws {
        self.database = database
        self.storyboard = storyboard
        self.worker = worker
        var ids: [String: Int64] = [:]
        for try await (id, name) in try await database.client.query("SELECT id, name FROM shots WHERE storyboard = \(storyboard)").decode((Int64, String).self)
        {
            ids[name] = id
        }
        self.ids = ids
    }

    func id(_ shot: String) throws -> Int64 {
        guard let id = self.ids[shot] else { throw QueueError("storyboard \(self.storyboard) has no shot named \(shot)") }
        return id
    }

    /// Runs `query`, which returns the ids it touched; throws when it touched none because
    /// another worker holds the shot now.
    private func fenced(_ shot: String, _ query: PostgresQuery) async throws {
        var touched = 0
        for try await _ in try await self.database.client.query(query).decode(Int64.self) { touched += 1 }
        guard touched > 0 else {
            throw QueueError("\(shot): this worker's lease ran out and another worker took the shot over; leaving it to that worker")
        }
    }

    // MARK: RunStore

    func event(_ shot: String?, _ step: String, _ phase: String, _ detail: String?) async throws {
        try await self.database.execute(
            """
            INSERT INTO events (storyboard, shot, step, phase, detail, worker)
            VALUES (\(self.storyboard), \(shot), \(step), \(phase), \(detail), \(self.worker))
            """
        )
    }

    func prepare(_ name: String, position: Int, fingerprint: String) async throws -> ShotRow {
        let id = try self.id(name)
        let rows = try await self.database.client.query(
            """
            SELECT state, fingerprint, chosen_attempt, chosen_variant, error, EXTRACT(EPOCH FROM updated_at)::float8
            FROM shots WHERE id = \(id)
            """
        ).decode((String, String, Int?, Int?, String?, Double).self)
        for try await (state, stored, chosenAttempt, chosenVariant, error, updated) in rows {
            guard stored == fingerprint else {
                throw QueueError("\(name): the queued shot is not the storyboard's (its prompt, size or model differ); submit the storyboard again")
            }
            return ShotRow(
                named: name, position: position, fingerprint: fingerprint, state: ShotState(rawValue: state) ?? .pending,
                chosenAttempt: chosenAttempt, chosenVariant: chosenVariant, error: error, updatedAt: updated
            )
        }
        throw QueueError("\(name): the shot is no longer in the queue")
    }

    func update(_ name: String, state: ShotState, chosen: (attempt: Int, variant: Int)?, error: String?) async throws {
        // A worker stopping hands its shots back: the stop is not the shot's failure.
        if Task.isCancelled, state == .failed { return }
        let id = try self.id(name)
        try await self.fenced(
            name,
            """
            UPDATE shots SET state = \(state.rawValue), chosen_attempt = \(chosen?.attempt), chosen_variant = \(chosen?.variant),
                error = \(error), updated_at = now()
            WHERE id = \(id) AND lease_owner = \(self.worker) RETURNING id
            """
        )
    }

    func attempts(of shot: String) async throws -> [AttemptRow] {
        let id = try self.id(shot)
        var attempts: [AttemptRow] = []
        let rows = try await self.database.client.query(
            """
            SELECT number, job_id, create_started_at, billed_seconds, usd, state, redo_reason
            FROM attempts WHERE shot = \(id) ORDER BY number
            """
        ).decode((Int, String?, Double?, Int, Double?, String, String?).self)
        for try await (number, job, started, billed, usd, state, reason) in rows {
            attempts.append(
                AttemptRow(
                    of: shot, number: number, jobID: job, createStartedAt: started, billedSeconds: billed, usd: usd,
                    state: AttemptState(rawValue: state) ?? .failed, redoReason: reason
                )
            )
        }
        return attempts
    }

    func beginCreate(_ shot: String, attempt: Int, at started: Double, cost: Spend) async throws {
        let id = try self.id(shot)
        let usd: Double? = cost.unpricedJobs > 0 ? nil : cost.usd
        let worker = self.worker
        try await self.database.transaction { connection in
            // The storyboard's row first, as QueueBudget.reserve takes it: a reservation that
            // becomes an attempt here must never be seen as neither by a budget check between.
            try await connection.query(
                "SELECT b.id FROM storyboards b JOIN shots s ON s.storyboard = b.id WHERE s.id = \(id) FOR UPDATE OF b",
                logger: self.database.logger
            ).consume()
            var owner: String?
            var deployment: String?
            let rows = try await connection.query(
                "SELECT lease_owner, deployment FROM shots WHERE id = \(id) FOR UPDATE", logger: self.database.logger
            ).decode((String?, String?).self)
            for try await row in rows { (owner, deployment) = row }
            guard owner == worker else {
                throw QueueError("\(shot): this worker's lease ran out and another worker took the shot over; not creating its job")
            }
            try await connection.query(
                """
                INSERT INTO attempts (shot, number, create_started_at, billed_seconds, usd, state, deployment, worker)
                VALUES (\(id), \(attempt), \(started), \(cost.billedSeconds), \(usd), 'creating', \(deployment), \(worker))
                ON CONFLICT (shot, number) DO UPDATE SET create_started_at = EXCLUDED.create_started_at,
                    billed_seconds = EXCLUDED.billed_seconds, usd = EXCLUDED.usd, state = 'creating',
                    deployment = EXCLUDED.deployment, worker = EXCLUDED.worker
                """,
                logger: self.database.logger
            ).consume()
            try await connection.query(
                """
                UPDATE shots SET state = 'creating', reserved_seconds = NULL, reserved_usd = NULL, reserved_unpriced = NULL,
                    updated_at = now() WHERE id = \(id)
                """,
                logger: self.database.logger
            ).consume()
        }
    }

    func recordJob(_ shot: String, attempt: Int, jobID: String) async throws {
        let id = try self.id(shot)
        try await self.database.transaction { connection in
            try await connection.query(
                "UPDATE attempts SET job_id = \(jobID), state = 'created' WHERE shot = \(id) AND number = \(attempt)",
                logger: self.database.logger
            ).consume()
            try await connection.query(
                "UPDATE shots SET state = 'created', updated_at = now() WHERE id = \(id)", logger: self.database.logger
            ).consume()
        }
    }

    func abandonCreate(_ shot: String, attempt: Int) async throws {
        let id = try self.id(shot)
        try await self.database.execute("DELETE FROM attempts WHERE shot = \(id) AND number = \(attempt)")
    }

    func finish(_ shot: String, attempt: Int, _ state: AttemptState, reason: String?) async throws {
        let id = try self.id(shot)
        try await self.database.execute(
            """
            UPDATE attempts SET state = \(state.rawValue), redo_reason = COALESCE(\(reason), redo_reason)
            WHERE shot = \(id) AND number = \(attempt)
            """
        )
    }

    func jobIDs() async throws -> [String] {
        var ids: [String] = []
        for try await id in try await self.database.client.query("SELECT job_id FROM attempts WHERE job_id IS NOT NULL").decode(String.self) {
            ids.append(id)
        }
        return ids
    }

    func spend() async throws -> Spend {
        try await QueueBudget.spent(storyboard: self.storyboard, on: self.database.client, logger: self.database.logger)
    }

    func record(_ variant: VariantRow) async throws {
        let id = try self.id(variant.shot)
        let report = try variant.report.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await self.database.execute(
            """
            INSERT INTO variants (shot, attempt, idx, output_id, file, bytes, passed, report, thumbnail, sheet)
            VALUES (\(id), \(variant.attempt), \(variant.index), \(variant.outputID), \(variant.file), \(variant.bytes),
                \(variant.passed), \(report), \(variant.thumbnail), \(variant.sheet))
            ON CONFLICT (shot, attempt, idx) DO UPDATE SET output_id = EXCLUDED.output_id, file = EXCLUDED.file,
                bytes = EXCLUDED.bytes, passed = EXCLUDED.passed, report = EXCLUDED.report,
                thumbnail = EXCLUDED.thumbnail, sheet = EXCLUDED.sheet
            """
        )
    }

    func variants(of shot: String, attempt: Int) async throws -> [VariantRow] {
        let id = try self.id(shot)
        var variants: [VariantRow] = []
        let rows = try await self.database.client.query(
            """
            SELECT idx, output_id, file, bytes, passed, report, thumbnail, sheet
            FROM variants WHERE shot = \(id) AND attempt = \(attempt) ORDER BY idx
            """
        ).decode((Int, String, String, Int64, Bool?, String?, String?, String?).self)
        for try await (index, output, file, bytes, passed, report, thumbnail, sheet) in rows {
            variants.append(
                VariantRow(
                    of: shot, attempt: attempt, index: index, outputID: output, file: file, bytes: bytes, passed: passed,
                    report: report.flatMap { try? JSONDecoder().decode(ValidationReport.self, from: Data($0.utf8)) },
                    thumbnail: thumbnail, sheet: sheet
                )
            )
        }
        return variants
    }

    func withRunningSlot<T: Sendable>(_ shot: String, client: SoraClient, _ body: () async throws -> T) async throws -> T {
        let id = try self.id(shot)
        let slots = DeploymentSlots(database: self.database, worker: self.worker)
        try await slots.acquire(shot: id, name: shot)
        do {
            let result = try await body()
            try? await slots.release(shot: id)
            return result
        } catch {
            try? await slots.release(shot: id)
            throw error
        }
    }
}
