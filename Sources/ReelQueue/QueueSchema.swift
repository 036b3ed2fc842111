import PostgresNIO

/// The queue's tables: storyboards and their shots, each shot's attempts (one job each) and
/// variants, deployments with their caps and rate, workers, and events. Made on first use,
/// under an advisory lock so that workers starting together do not race.
enum QueueSchema {
    /// The advisory lock id of schema changes.
    static let migrationLock = 18_001
    /// The advisory lock id that serializes claims, so that caps are counted consistently.
    static let claimLock = 18_002

    static let statements: [PostgresQuery] = [
        """
        CREATE TABLE IF NOT EXISTS storyboards (
            id BIGSERIAL PRIMARY KEY, title TEXT NOT NULL, board_path TEXT NOT NULL, board_text TEXT NOT NULL,
            output TEXT NOT NULL, options TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'queued',
            submitted_at TIMESTAMPTZ NOT NULL DEFAULT now(), started_at DOUBLE PRECISION, finished_at TIMESTAMPTZ,
            finisher TEXT, finish_until TIMESTAMPTZ, passed BOOLEAN, error TEXT)
        """,
        """
        CREATE TABLE IF NOT EXISTS shots (
            id BIGSERIAL PRIMARY KEY, storyboard BIGINT NOT NULL REFERENCES storyboards(id) ON DELETE CASCADE,
            name TEXT NOT NULL, position INT NOT NULL, fingerprint TEXT NOT NULL, api TEXT NOT NULL, model TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending', deployment TEXT, holding BOOLEAN NOT NULL DEFAULT false,
            lease_owner TEXT, lease_until TIMESTAMPTZ, claims INT NOT NULL DEFAULT 0,
            chosen_attempt INT, chosen_variant INT, error TEXT,
            reserved_seconds INT, reserved_usd DOUBLE PRECISION, reserved_unpriced INT,
            entry TEXT, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(), after TEXT,
            UNIQUE (storyboard, name))
        """,
        // A shot that continues from another (`after`) is claimed once that one has ended.
        "ALTER TABLE shots ADD COLUMN IF NOT EXISTS after TEXT",
        "CREATE INDEX IF NOT EXISTS shots_open ON shots (state, lease_until)",
        """
        CREATE TABLE IF NOT EXISTS attempts (
            shot BIGINT NOT NULL REFERENCES shots(id) ON DELETE CASCADE, number INT NOT NULL,
            job_id TEXT, create_started_at DOUBLE PRECISION, billed_seconds INT NOT NULL DEFAULT 0,
            usd DOUBLE PRECISION, state TEXT NOT NULL, redo_reason TEXT, deployment TEXT, worker TEXT,
            PRIMARY KEY (shot, number))
        """,
        """
        CREATE TABLE IF NOT EXISTS variants (
            shot BIGINT NOT NULL, attempt INT NOT NULL, idx INT NOT NULL, output_id TEXT NOT NULL, file TEXT NOT NULL,
            bytes BIGINT NOT NULL, passed BOOLEAN, report TEXT, thumbnail TEXT, sheet TEXT,
            PRIMARY KEY (shot, attempt, idx),
            FOREIGN KEY (shot, attempt) REFERENCES attempts(shot, number) ON DELETE CASCADE)
        """,
        """
        CREATE TABLE IF NOT EXISTS deployments (
            name TEXT PRIMARY KEY, api TEXT NOT NULL, endpoint TEXT NOT NULL, model TEXT NOT NULL,
            max_running INT NOT NULL, requests_per_minute INT NOT NULL,
            tokens DOUBLE PRECISION NOT NULL DEFAULT 1, tokens_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            failures INT NOT NULL DEFAULT 0, benched_until TIMESTAMPTZ, last_error TEXT,
            updated_at TIMESTAMPTZ NOT NULL DEFAULT now())
        """,
        """
        CREATE TABLE IF NOT EXISTS workers (
            id TEXT PRIMARY KEY, host TEXT NOT NULL, pid INT NOT NULL, started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now(), state TEXT NOT NULL DEFAULT 'running')
        """,
        """
        CREATE TABLE IF NOT EXISTS events (
            id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL DEFAULT now(), storyboard BIGINT, shot TEXT,
            step TEXT NOT NULL, phase TEXT NOT NULL, detail TEXT, worker TEXT)
        """,
    ]

    static func migrate(_ database: QueueDatabase) async throws {
        try await database.transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: database.logger).consume()
            for statement in Self.statements {
                try await connection.query(statement, logger: database.logger).consume()
            }
        }
    }
}
