import GRDB
import MediaKit

/// Where a shot stands, as the journal keeps it.
public enum ShotState: String, Codable, Sendable, Hashable {
    /// Not started, or started over after a change.
    case pending
    /// Creating its job: the create may have reached the service.
    case creating
    /// Its job exists (queued, running, finished): polled, not created again.
    case created
    /// A variant passed and is chosen.
    case done
    case failed
    /// Its next job would have passed the budget, so it was not created.
    case overBudget = "over_budget"
    /// A create's answer was lost and the service cannot list jobs: whether a job exists is
    /// not known, and it is not created again until the user says so (`--recreate NAME`).
    case unknown
}

/// What became of one job of a shot.
enum AttemptState: String, Codable, Sendable, Hashable {
    /// The create is under way (or was, when a run died): the job may exist.
    case creating
    case created
    /// Its clips were checked and one passed.
    case accepted
    /// Its clips were checked and none passed; the shot was generated again.
    case redone
    /// The job failed, expired or vanished.
    case failed
}

/// A shot's row: the work it stands for (its fingerprint) and how far it got.
struct ShotRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "shot"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var name: String
    var position: Int
    var fingerprint: String
    var state: ShotState
    var chosenAttempt: Int?
    var chosenVariant: Int?
    var error: String?
    var updatedAt: Double
}

/// One job of a shot (a shot has several when QA sent it back): its id once known, when its
/// create began, and what it bills.
struct AttemptRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "attempt"

    var shot: String
    var number: Int
    var jobID: String?
    /// Unix seconds when the create began: a job made then is adopted, not made again.
    var createStartedAt: Double?
    /// Seconds of video the job bills (seconds x variants).
    var billedSeconds: Int
    /// The estimated charge, when the model's price is known.
    var usd: Double?
    var state: AttemptState
    /// Why the shot was generated again after this job.
    var redoReason: String?

    enum CodingKeys: String, CodingKey {
        case shot, number, state, usd
        case jobID = "job_id"
        case createStartedAt = "create_started_at"
        case billedSeconds = "billed_seconds"
        case redoReason = "redo_reason"
    }
}

/// A downloaded and checked output of one attempt.
struct VariantRow: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "variant"

    var shot: String
    var attempt: Int
    var index: Int
    var outputID: String
    /// Relative to the output folder.
    var file: String
    var bytes: Int64
    var passed: Bool?
    /// Stored as JSON by GRDB, read back as the report itself.
    var report: ValidationReport?
    var thumbnail: String?
    var sheet: String?

    enum CodingKeys: String, CodingKey {
        case shot, attempt, file, bytes, passed, report, thumbnail, sheet
        case index = "idx"
        case outputID = "output_id"
    }
}
