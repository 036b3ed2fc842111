import Foundation
import GRDB

/// The run's memory, in SQLite: each step is written before it starts and after it ends, so
/// a run started again on the same folder knows what is done, what was under way, and which
/// jobs exist. Writes are durable (`synchronous = FULL`) before the step proceeds.
final class RunJournal: Sendable {
    /// What the journal knows of one shot.
    struct ShotRecord: Sendable, Hashable {
        var name: String
        var fingerprint: String
        var jobID: String?
        /// Unix seconds when creating the job began (to adopt a job created just before a crash).
        var createStartedAt: Double?
        var state: String
        var chosenVariant: Int?
        var error: String?
    }

    /// A downloaded and checked output.
    struct VariantRecord: Sendable, Hashable {
        var shot: String
        var index: Int
        var outputID: String
        var file: String
        var bytes: Int64
        var passed: Bool?
        var report: String?
        var thumbnail: String?
        var sheet: String?
    }

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
            throw PipelineError(.journal, "cannot open the run journal \(path): \(error)")
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
        return migrator
    }

    /// Records that `step` of `shot` is about to happen (`before`), happened (`after`) or failed.
    func event(_ shot: String?, _ step: String, _ phase: String, _ detail: String? = nil) throws {
        try self.write { db in
            try db.execute(
                sql: "INSERT INTO event (at, shot, step, phase, detail) VALUES (?, ?, ?, ?, ?)",
                arguments: [Date().timeIntervalSince1970, shot, step, phase, detail]
            )
        }
    }

    /// The shot's record, created (or reset, when its fingerprint changed) to match `shot`.
    func prepare(_ name: String, position: Int, fingerprint: String) throws -> ShotRecord {
        try self.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM shot WHERE name = ?", arguments: [name]),
                row["fingerprint"] as String == fingerprint
            {
                try db.execute(sql: "UPDATE shot SET position = ? WHERE name = ?", arguments: [position, name])
                return Self.shot(row)
            }
            try db.execute(sql: "DELETE FROM variant WHERE shot = ?", arguments: [name])
            try db.execute(
                sql: "INSERT OR REPLACE INTO shot (name, position, fingerprint, state, updated_at) VALUES (?, ?, ?, 'pending', ?)",
                arguments: [name, position, fingerprint, Date().timeIntervalSince1970]
            )
            return ShotRecord(name: name, fingerprint: fingerprint, state: "pending")
        }
    }

    /// Forgets shots no longer in the storyboard.
    func retain(_ names: [String]) throws {
        try self.write { db in
            let placeholders = names.map { _ in "?" }.joined(separator: ",")
            try db.execute(sql: "DELETE FROM variant WHERE shot NOT IN (\(placeholders))", arguments: StatementArguments(names))
            try db.execute(sql: "DELETE FROM shot WHERE name NOT IN (\(placeholders))", arguments: StatementArguments(names))
        }
    }

    func update(_ name: String, state: String, jobID: String? = nil, createStartedAt: Double? = nil, chosenVariant: Int? = nil, error: String? = nil) throws {
        try self.write { db in
            try db.execute(
                sql: """
                    UPDATE shot SET state = ?, job_id = COALESCE(?, job_id), create_started_at = COALESCE(?, create_started_at),
                    chosen_variant = ?, error = ?, updated_at = ? WHERE name = ?
                    """,
                arguments: [state, jobID, createStartedAt, chosenVariant, error, Date().timeIntervalSince1970, name]
            )
        }
    }

    /// Drops the job of a shot (it failed or expired) so the next run creates a new one.
    func forgetJob(_ name: String) throws {
        try self.write { db in
            try db.execute(sql: "UPDATE shot SET job_id = NULL, create_started_at = NULL WHERE name = ?", arguments: [name])
            try db.execute(sql: "DELETE FROM variant WHERE shot = ?", arguments: [name])
        }
    }

    func record(_ variant: VariantRecord) throws {
        try self.write { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO variant (shot, idx, output_id, file, bytes, passed, report, thumbnail, sheet)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    variant.shot, variant.index, variant.outputID, variant.file, variant.bytes, variant.passed,
                    variant.report, variant.thumbnail, variant.sheet,
                ]
            )
        }
    }

    func variants(of shot: String) throws -> [VariantRecord] {
        try self.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM variant WHERE shot = ? ORDER BY idx", arguments: [shot]).map { row in
                VariantRecord(
                    shot: row["shot"], index: row["idx"], outputID: row["output_id"], file: row["file"], bytes: row["bytes"],
                    passed: row["passed"], report: row["report"], thumbnail: row["thumbnail"], sheet: row["sheet"]
                )
            }
        }
    }

    func shot(_ name: String) throws -> ShotRecord? {
        try self.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM shot WHERE name = ?", arguments: [name]).map(Self.shot)
        }
    }

    /// How many `before` events of `step` exist: tests count job creations with it.
    func count(step: String, phase: String) throws -> Int {
        try self.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event WHERE step = ? AND phase = ?", arguments: [step, phase]) ?? 0
        }
    }

    private static func shot(_ row: Row) -> ShotRecord {
        ShotRecord(
            name: row["name"], fingerprint: row["fingerprint"], jobID: row["job_id"], createStartedAt: row["create_started_at"],
            state: row["state"], chosenVariant: row["chosen_variant"], error: row["error"]
        )
    }

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try self.queue.write(body)
        } catch {
            throw PipelineError(.journal, "cannot write the run journal \(self.path): \(error)")
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try self.queue.read(body)
        } catch {
            throw PipelineError(.journal, "cannot read the run journal \(self.path): \(error)")
        }
    }
}
