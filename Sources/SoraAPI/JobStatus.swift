/// The status of a Sora 1 video generation job. Open: a status this version does not know
/// is kept as its string, never a decoding failure.
public struct JobStatus: OpenStringValue {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let queued = JobStatus(rawValue: "queued")
    public static let preprocessing = JobStatus(rawValue: "preprocessing")
    public static let running = JobStatus(rawValue: "running")
    public static let processing = JobStatus(rawValue: "processing")
    public static let succeeded = JobStatus(rawValue: "succeeded")
    public static let failed = JobStatus(rawValue: "failed")
    public static let cancelled = JobStatus(rawValue: "cancelled")

    /// The statuses a job moves through while it works.
    public static let inProgress: Set<JobStatus> = [.queued, .preprocessing, .running, .processing]

    /// Whether the job will not change again: succeeded, failed, cancelled, or a status
    /// this version does not know (treated as final so pollers stop).
    public var isTerminal: Bool { !Self.inProgress.contains(self) }
}

/// The status of a Sora 2 video. Open, like ``JobStatus``.
public struct VideoStatus: OpenStringValue {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let queued = VideoStatus(rawValue: "queued")
    public static let inProgress = VideoStatus(rawValue: "in_progress")
    public static let completed = VideoStatus(rawValue: "completed")
    public static let failed = VideoStatus(rawValue: "failed")

    /// Whether the video will not change again (including unknown statuses).
    public var isTerminal: Bool { self != .queued && self != .inProgress }
}

/// A string value with well-known cases that stays open to others: encoded as its bare
/// string, and a string this version does not know decodes instead of failing.
public protocol OpenStringValue: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible where RawValue == String {
    init(rawValue: String)
}

extension OpenStringValue {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rawValue)
    }

    public var description: String { self.rawValue }
}
