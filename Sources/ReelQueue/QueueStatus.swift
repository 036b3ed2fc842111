import Foundation
import PostgresNIO

/// The queue as it stands: each storyboard, shot (with its jobs), worker and deployment.
/// `sorareel status --json` prints it; its job ids are the services' own.
public struct QueueStatus: Codable, Sendable {
    public struct StoryboardStatus: Codable, Sendable {
        public var id: Int64
        public var title: String
        public var state: String
        public var output: String
        public var shots: Int
        public var shotsDone: Int
        public var passed: Bool?
        public var error: String?

        enum CodingKeys: String, CodingKey {
            case id, title, state, output, shots, passed, error
            case shotsDone = "shots_done"
        }
    }

    public struct ShotStatus: Codable, Sendable {
        public var storyboard: Int64
        public var name: String
        public var state: String
        public var deployment: String?
        /// The worker holding it, while its lease lasts.
        public var worker: String?
        /// Its jobs' ids, oldest first (one per attempt that made a job).
        public var jobs: [String]
        public var error: String?
    }

    public struct WorkerStatus: Codable, Sendable {
        public var id: String
        public var host: String
        public var state: String
        /// Seconds since its last heartbeat.
        public var lastSeen: Double
        public var shots: Int

        enum CodingKeys: String, CodingKey {
            case id, host, state, shots
            case lastSeen = "last_seen_seconds"
        }
    }

    public struct DeploymentStatus: Codable, Sendable {
        public var name: String
        public var api: String
        public var endpoint: String
        public var model: String
        public var maxRunning: Int
        public var requestsPerMinute: Int
        /// Shots holding a slot now (their jobs are being created or are running).
        public var running: Int
        /// Seconds left on its bench; `nil` when it takes work.
        public var benchedFor: Double?
        public var lastError: String?

        enum CodingKeys: String, CodingKey {
            case name, api, endpoint, model, running
            case maxRunning = "max_running"
            case requestsPerMinute = "requests_per_minute"
            case benchedFor = "benched_for_seconds"
            case lastError = "last_error"
        }
    }

    public var storyboards: [StoryboardStatus] = []
    public var shots: [ShotStatus] = []
    public var workers: [WorkerStatus] = []
    public var deployments: [DeploymentStatus] = []

    /// Reads the whole queue.
    public static func read(_ database: QueueDatabase) async throws -> QueueStatus {
        var status = QueueStatus()
        let client = database.client
        for try await (id, title, state, output, shots, done, passed, error) in try await client.query(
            """
            SELECT b.id, b.title, b.state, b.output, (SELECT count(*) FROM shots WHERE storyboard = b.id),
                (SELECT count(*) FROM shots WHERE storyboard = b.id AND state = 'done'), b.passed, b.error
            FROM storyboards b ORDER BY b.id
            """
        ).decode((Int64, String, String, String, Int, Int, Bool?, String?).self) {
            status.storyboards.append(
                StoryboardStatus(id: id, title: title, state: state, output: output, shots: shots, shotsDone: done, passed: passed, error: error)
            )
        }
        for try await (storyboard, name, state, deployment, worker, jobs, error) in try await client.query(
            """
            SELECT s.storyboard, s.name, s.state, s.deployment, CASE WHEN s.lease_until > now() THEN s.lease_owner END,
                COALESCE((SELECT string_agg(job_id, ' ' ORDER BY number) FROM attempts WHERE shot = s.id AND job_id IS NOT NULL), ''),
                s.error
            FROM shots s ORDER BY s.storyboard, s.position
            """
        ).decode((Int64, String, String, String?, String?, String, String?).self) {
            status.shots.append(
                ShotStatus(
                    storyboard: storyboard, name: name, state: state, deployment: deployment, worker: worker,
                    jobs: jobs.split(separator: " ").map(String.init), error: error
                )
            )
        }
        for try await (id, host, state, seen, shots) in try await client.query(
            """
            SELECT w.id, w.host, w.state, EXTRACT(EPOCH FROM (now() - w.heartbeat_at))::float8,
                (SELECT count(*) FROM shots WHERE lease_owner = w.id AND lease_until > now())
            FROM workers w ORDER BY w.started_at, w.id
            """
        ).decode((String, String, String, Double, Int).self) {
            status.workers.append(WorkerStatus(id: id, host: host, state: state, lastSeen: seen, shots: shots))
        }
        for try await (name, api, endpoint, model, cap, rpm, running, benched, lastError) in try await client.query(
            """
            SELECT d.name, d.api, d.endpoint, d.model, d.max_running, d.requests_per_minute,
                (SELECT count(*) FROM shots s WHERE s.deployment = d.name AND s.holding AND s.lease_until > now()),
                CASE WHEN d.benched_until > now() THEN EXTRACT(EPOCH FROM (d.benched_until - now()))::float8 END, d.last_error
            FROM deployments d ORDER BY d.name
            """
        ).decode((String, String, String, String, Int, Int, Int, Double?, String?).self) {
            status.deployments.append(
                DeploymentStatus(
                    name: name, api: api, endpoint: endpoint, model: model, maxRunning: cap, requestsPerMinute: rpm, running: running,
                    benchedFor: benched, lastError: lastError
                )
            )
        }
        return status
    }
}
