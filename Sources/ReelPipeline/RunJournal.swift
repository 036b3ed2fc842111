import Foundation
import GRDB

/// The run's memory, in SQLite: each step is written before it starts and after it ends, so
/// a run started again on the same folder knows what is done, what was under way, which jobs
/// exist and what they bill. Writes are durable (`synchronous = FULL`) before the step goes on.
///
/// A shot has attempts (a job each: QA may send a shot back), an attempt has variants; deleting
/// a shot deletes the rest (foreign keys, `ON DELETE CASCADE`).
final class RunJournal: Sendable {
    private let queue: DatabaseQueue
    let path: String

    init(folder: String) throws {
        let path = URL(fileURLWithPath: folder).appendingPathComponent("journal.sqlite").path
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            self.queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(self.queue)
        } catch {
            throw PipelineError(.journal, "cannot open the run journal \(path): \(Self.describe(error))")
        }
        self.path = path
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE shot (
                        name TEXT PRIMARY KEY, position INTEGER NOT NULL, fingerprint TEXT NOT NULL,
                        state TEXT NOT NULL, job_id TEXT, create_started_at REAL, chosen_variant INTEGER,
                        error TEXT, updated_at REAL NOT NULL);
                    CREATE TABLE variant (
                        shot TEXT NOT NULL, idx INTEGER NOT NULL, output_id TEXT NOT NULL, file TEXT NOT NULL,
                        bytes INTEGER NOT NULL, passed INTEGER, report TEXT, thumbnail TEXT, sheet TEXT,
                        PRIMARY KEY (shot, idx));
                    CREATE TABLE event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, shot TEXT, step TEXT NOT NULL,
                        phase TEXT NOT NULL, detail TEXT);
                    """
            )
        }
        // Jobs move from the shot to attempts of their own (QA can send a shot back), with what
        // each bills; variants belong to an attempt; foreign keys cascade deletes.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE attempt (
                        shot TEXT NOT NULL REFERENCES shot(name) ON DELETE CASCADE,
                        number INTEGER NOT NULL, job_id TEXT, create_started_at REAL,
                        billed_seconds INTEGER NOT NULL DEFAULT 0, usd REAL, state TEXT NOT NULL, redo_reason TEXT,
                        PRIMARY KEY (shot, number));
                    INSERT INTO attempt (shot, number, job_id, create_started_at, state)
                        SELECT name, 1, job_id, create_started_at, CASE WHEN job_id IS NULL THEN 'creating' ELSE 'created' END
                        FROM shot WHERE job_id IS NOT NULL OR create_started_at IS NOT NULL;
                    CREATE TABLE variant_v2 (
                        shot TEXT NOT NULL, attempt INTEGER NOT NULL, idx INTEGER NOT NULL, output_id TEXT NOT NULL,
                        file TEXT NOT NULL, bytes INTEGER NOT NULL, passed INTEGER, report TEXT, thumbnail TEXT, sheet TEXT,
                        PRIMARY KEY (shot, attempt, idx),
                        FOREIGN KEY (shot, attempt) REFERENCES attempt(shot, number) ON DELETE CASCADE);
                    INSERT INTO variant_v2 SELECT variant.shot, 1, idx, output_id, file, bytes, passed, report, thumbnail, sheet
                        FROM variant JOIN attempt ON attempt.shot = variant.shot AND attempt.number = 1;
                    DROP TABLE variant;
                    ALTER TABLE variant_v2 RENAME TO variant;
                    ALTER TABLE shot ADD COLUMN chosen_attempt INTEGER;
                    UPDATE shot SET chosen_attempt = 1 WHERE chosen_variant IS NOT NULL;
                    ALTER TABLE shot DROP COLUMN job_id;
                    ALTER TABLE shot DROP COLUMN create_started_at;
                    """
            )
        }
        return migrator
    }

    // MARK: Steps and events

    /// Records that `step` of `shot` is about to happen (`before`), happened (`after`) or failed.
    func event(_ shot: String?, _ step: String, _ phase: String, _ detail: String? = nil) async throws {
        try await self.write { db in
            try db.execute(
                sql: "INSERT INTO event (at, shot, step, phase, detail) VALUES (?, ?, ?, ?, ?)",
                arguments: [Date().timeIntervalSince1970, shot, step, phase, detail]
            )
        }
    }

    /// Runs `body` as a journaled step: `before` is durable before it starts, then `after` (with
    /// `detail` of the result) or `failed` (with the error) once it ends.
    func step<T>(
        _ shot: String?, _ name: String, _ detail: String? = nil, after: (T) -> String? = { _ in nil },
        _ body: () async throws -> T
    ) async throws -> T {
        try await self.event(shot, name, "before", detail)
        let result: T
        do {
            result = try await body()
        } catch {
            try? await self.event(shot, name, "failed", "\(error)".prefix(500).description)
            throw error
        }
        try await self.event(shot, name, "after", after(result))
        return result
    }

    /// How many events of `step` in `phase` exist: tests count job creations with it.
    func count(step: String, phase: String) async throws -> Int {
        try await self.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE step = ? AND phase = ?", arguments: [step, phase]) ?? 0
        }
    }

    // MARK: Shots

    /// The shot's row, created (or started over, with its attempts and variants, when its
    /// fingerprint changed) to match the storyboard.
    func prepare(_ name: String, position: Int, fingerprint: String) async throws -> ShotRow {
        try await self.write { db in
            if var row = try ShotRow.fetchOne(db, key: name), row.fingerprint == fingerprint {
                row.position = position
                try row.update(db)
                return row
            }
            _ = try ShotRow.deleteOne(db, key: name)
            let row = ShotRow(name: name, position: position, fingerprint: fingerprint, state: .pending, updatedAt: Date().timeIntervalSince1970)
            try row.insert(db)
            return row
        }
    }

    /// Forgets shots no longer in the storyboard (their attempts and variants go with them).
    func retain(_ names: [String]) async throws {
        try await self.write { db in
            _ = try ShotRow.filter(!names.contains(Column("name"))).deleteAll(db)
        }
    }

    func shot(_ name: String) async throws -> ShotRow? {
        try await self.read { db in try ShotRow.fetchOne(db, key: name) }
    }

    func shots() async throws -> [ShotRow] {
        try await self.read { db in try ShotRow.order(Column("position")).fetchAll(db) }
    }

    /// Sets a shot's state; a chosen variant and an error are set (or cleared) with it.
    func update(_ name: String, state: ShotState, chosen: (attempt: Int, variant: Int)? = nil, error: String? = nil) async throws {
        try await self.write { db in
            guard var row = try ShotRow.fetchOne(db, key: name) else { return }
            row.state = state
            row.chosenAttempt = chosen?.attempt
            row.chosenVariant = chosen?.variant
            row.error = error
            row.updatedAt = Date().timeIntervalSince1970
            try row.update(db)
        }
    }

    // MARK: Attempts

    /// A shot's attempts, oldest first.
    func attempts(of shot: String) async throws -> [AttemptRow] {
        try await self.read { db in
            try AttemptRow.filter(Column("shot") == shot).order(Column("number")).fetchAll(db)
        }
    }

    /// Records that a create is about to be sent, and what the job will bill, before it is sent:
    /// a run that dies now finds the attempt and looks for its job instead of paying again.
    func beginCreate(_ shot: String, attempt: Int, at started: Double, cost: Spend) async throws {
        try await self.write { db in
            try AttemptRow(
                shot: shot, number: attempt, createStartedAt: started, billedSeconds: cost.billedSeconds,
                usd: cost.unpricedJobs > 0 ? nil : cost.usd, state: .creating
            ).save(db)
            try Self.setState(db, shot, .creating)
        }
    }

    /// The job of an attempt is known (created, adopted or resumed).
    func recordJob(_ shot: String, attempt: Int, jobID: String) async throws {
        try await self.write { db in
            try db.execute(
                sql: "UPDATE attempt SET job_id = ?, state = ? WHERE shot = ? AND number = ?",
                arguments: [jobID, AttemptState.created.rawValue, shot, attempt]
            )
            try Self.setState(db, shot, .created)
        }
    }

    /// A create was refused outright: no job was made, nothing is billed.
    func abandonCreate(_ shot: String, attempt: Int) async throws {
        try await self.write { db in
            _ = try AttemptRow.deleteOne(db, key: ["shot": shot, "number": attempt])
        }
    }

    /// Ends an attempt: its job failed or vanished (`failed`), or QA sent the shot back
    /// (`redone`, with the reason). Its variants stay, for the manifest.
    func finish(_ shot: String, attempt: Int, _ state: AttemptState, reason: String? = nil) async throws {
        try await self.write { db in
            try db.execute(
                sql: "UPDATE attempt SET state = ?, redo_reason = COALESCE(?, redo_reason) WHERE shot = ? AND number = ?",
                arguments: [state.rawValue, reason, shot, attempt]
            )
        }
    }

    /// Every job id the journal knows: a run claims them so that a lost create never adopts one.
    func jobIDs() async throws -> [String] {
        try await self.read { db in
            try String.fetchAll(db, sql: "SELECT job_id FROM attempt WHERE job_id IS NOT NULL")
        }
    }

    /// What the jobs of this folder bill, counting creates that may have made a job.
    func spend() async throws -> Spend {
        try await self.read { db in
            let attempts = try AttemptRow.fetchAll(db)
            return attempts.reduce(Spend()) { total, attempt in
                total + Spend(jobs: 1, billedSeconds: attempt.billedSeconds, usd: attempt.usd ?? 0, unpricedJobs: attempt.usd == nil ? 1 : 0)
            }
        }
    }

    // MARK: Variants

    func record(_ variant: VariantRow) async throws {
        try await self.write { db in try variant.save(db) }
    }

    func variants(of shot: String, attempt: Int) async throws -> [VariantRow] {
        try await self.read { db in
            try VariantRow.filter(Column("shot") == shot && Column("attempt") == attempt).order(Column("idx")).fetchAll(db)
        }
    }

    // MARK: Access

    private static func setState(_ db: Database, _ shot: String, _ state: ShotState) throws {
        try db.execute(
            sql: "UPDATE shot SET state = ?, updated_at = ? WHERE name = ?", arguments: [state.rawValue, Date().timeIntervalSince1970, shot]
        )
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await self.queue.write(body)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw PipelineError(.journal, "cannot write the run journal \(self.path): \(Self.describe(error))")
        }
    }

    private func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await self.queue.read(body)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw PipelineError(.journal, "cannot read the run journal \(self.path): \(Self.describe(error))")
        }
    }

    /// SQLite's own words (`disk I/O error`, `database is locked`), without GRDB's statement dump.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "SQLite error \(error.resultCode.rawValue)" }
        return "\(error)"
    }
}
