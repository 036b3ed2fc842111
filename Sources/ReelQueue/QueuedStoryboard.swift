import Foundation
import PostgresNIO
public import ReelPipeline
import SoraAPI

/// A storyboard as the queue holds it: its text (parsed again by each worker), its output
/// folder on a filesystem every worker sees, and the options it was submitted with.
public struct QueuedStoryboard: Sendable {
    /// What `submit` was told besides the storyboard: limits, prices, timeout, recreations.
    public struct Options: Codable, Sendable, Hashable {
        public var budget: Budget?
        public var prices: [Price]
        /// Seconds one shot may take from creating its job to a checked clip.
        public var shotTimeout: Int
        public var recreate: [String]

        public init(budget: Budget? = nil, prices: [Price] = [], shotTimeout: Int = 1800, recreate: [String] = []) {
            self.budget = budget
            self.prices = prices
            self.shotTimeout = shotTimeout
            self.recreate = recreate
        }

        enum CodingKeys: String, CodingKey {
            case budget, prices, recreate
            case shotTimeout = "shot_timeout"
        }
    }

    public var id: Int64
    public var storyboard: Storyboard
    public var output: String
    public var options: Options

    /// The run options a worker runs its shots with.
    public var runOptions: RunOptions {
        RunOptions(
            output: self.output, shotTimeout: .seconds(self.options.shotTimeout), budget: self.options.budget,
            prices: PriceTable(self.options.prices), recreate: Set(self.options.recreate)
        )
    }

    /// Enqueues `storyboard` (read from `text`), its shots pending.
    /// - Returns: its id in the queue.
    public static func submit(
        _ storyboard: Storyboard, text: String, output: String, options: Options, to database: QueueDatabase
    ) async throws -> Int64 {
        let json = String(decoding: try JSONEncoder().encode(options), as: UTF8.self)
        let logger = database.logger
        return try await database.transaction { connection in
            var id: Int64 = 0
            let rows = try await connection.query(
                """
                INSERT INTO storyboards (title, board_path, board_text, output, options)
                VALUES (\(storyboard.title), \(storyboard.path), \(text), \(output), \(json)) RETURNING id
                """,
                logger: logger
            ).decode(Int64.self)
            for try await value in rows { id = value }
            for (position, shot) in storyboard.shots.enumerated() {
                try await connection.query(
                    """
                    INSERT INTO shots (storyboard, name, position, fingerprint, api, model, after)
                    VALUES (\(id), \(shot.name), \(position), \(storyboard.fingerprint(of: shot)), \(shot.api.rawValue),
                        \(shot.model), \(shot.continuation?.shot))
                    """,
                    logger: logger
                ).consume()
            }
            return id
        }
    }

    /// Reads storyboard `id` back from the queue and parses it as it was submitted.
    static func load(_ id: Int64, from database: QueueDatabase) async throws -> QueuedStoryboard {
        let rows = try await database.client.query(
            "SELECT board_path, board_text, output, options FROM storyboards WHERE id = \(id)"
        ).decode((String, String, String, String).self)
        for try await (path, text, output, options) in rows {
            let storyboard: Storyboard
            do {
                storyboard = try StoryboardParser().parse(text: text, path: path)
            } catch {
                throw QueueError("storyboard \(id) (\(path)): \(error)")
            }
            let decoded = try JSONDecoder().decode(Options.self, from: Data(options.utf8))
            return QueuedStoryboard(id: id, storyboard: storyboard, output: output, options: decoded)
        }
        throw QueueError("storyboard \(id) is not in the queue")
    }
}
