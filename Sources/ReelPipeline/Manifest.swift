public import MediaKit

/// `manifest.json`: everything a run made and found, for machines (the report is for people).
public struct Manifest: Codable, Sendable, Hashable {
    public var title: String
    public var storyboard: String
    /// Unix seconds.
    public var startedAt: Double
    public var finishedAt: Double
    public var passed: Bool
    public var shots: [ShotEntry]
    public var reel: ReelEntry?
    /// What this folder's jobs bill, earlier runs included.
    public var spend: Spend
    public var budget: Budget

    /// One shot: its job, every variant, and the one chosen.
    public struct ShotEntry: Codable, Sendable, Hashable {
        public var name: String
        public var prompt: String
        public var api: String
        public var model: String
        public var size: String
        public var seconds: Int
        /// The job of the last attempt.
        public var jobID: String?
        /// `done`, `failed`, `over_budget` or `unknown`.
        public var status: ShotState
        public var error: String?
        public var chosenVariant: Int?
        /// The clips of the last attempt.
        public var variants: [VariantEntry]
        /// Every job made for the shot, with why it was made again.
        public var attempts: [AttemptEntry]
        /// What the shot's jobs bill.
        public var spend: Spend
        /// Seconds from the first step to the last.
        public var elapsed: Double?
        /// The shot it continues from, and the frame it started from.
        public var continues: ContinuationEntry?
        /// The WebVTT thumbnail track of the chosen clip's scrub sprites.
        public var sprites: String? = nil

        enum CodingKeys: String, CodingKey {
            case name, prompt, api, model, size, seconds, status, error, variants, attempts, spend, elapsed, continues
            case sprites
            case jobID = "job_id"
            case chosenVariant = "chosen_variant"
        }
    }

    /// Where a shot that continues from another started.
    public struct ContinuationEntry: Codable, Sendable, Hashable {
        /// The shot it continues from.
        public var shot: String
        /// `last`, or seconds into that shot's chosen clip.
        public var at: String
        /// The frame sent as its input image, relative to the output folder, once taken.
        public var frame: String?
    }

    /// One job of a shot.
    public struct AttemptEntry: Codable, Sendable, Hashable {
        public var number: Int
        public var jobID: String?
        public var billedSeconds: Int
        /// `nil` when the model's price is unknown.
        public var usd: Double?
        /// `creating`, `created`, `accepted`, `redone` or `failed`.
        public var outcome: String
        /// Why the shot was generated again after this job.
        public var redoneBecause: String?

        enum CodingKeys: String, CodingKey {
            case number, usd, outcome
            case jobID = "job_id"
            case billedSeconds = "billed_seconds"
            case redoneBecause = "redone_because"
        }
    }

    /// One downloaded clip.
    public struct VariantEntry: Codable, Sendable, Hashable {
        public var index: Int
        public var outputID: String
        /// Relative to the output folder.
        public var file: String
        public var bytes: Int64
        public var probe: ProbeSummary?
        public var passed: Bool
        public var verdicts: [Verdict]
        public var thumbnail: String?
        public var sheet: String?
        /// The animated WebP loop of the clip.
        public var preview: String? = nil

        enum CodingKeys: String, CodingKey {
            case index, file, bytes, probe, passed, verdicts, thumbnail, sheet
            case preview
            case outputID = "output_id"
        }
    }

    /// The reel and its checks.
    public struct ReelEntry: Codable, Sendable, Hashable {
        public var file: String
        /// How the reel was made; `nil` when it could not be.
        public var mode: ReelMode?
        public var reason: String
        public var chapters: [ChapterInfo]
        public var passed: Bool
        public var verdicts: [Verdict]
        public var probe: ProbeSummary?
        public var error: String?
        /// The WebVTT file of the shots' captions, beside the reel (the reel carries them too).
        public var captions: String?
        /// The reel's measured loudness, when a target was set.
        public var loudness: ReelLoudness?
        /// What differs from what was asked (a damaged clip used in part, say).
        public var notes: [String] = []
        /// The WebVTT thumbnail track of the reel's scrub sprites.
        public var sprites: String? = nil
    }

    /// The probe facts people look for first.
    public struct ProbeSummary: Codable, Sendable, Hashable {
        public var duration: Double?
        public var width: Int?
        public var height: Int?
        public var codec: String?
        public var audio: String?

        public init(_ info: MediaInfo) {
            self.duration = info.format.duration
            self.width = info.video?.width
            self.height = info.video?.height
            self.codec = info.video?.codecName
            self.audio = info.audio?.codecName
        }
    }

    enum CodingKeys: String, CodingKey {
        case title, storyboard, passed, shots, reel, spend, budget
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }
}
