/// What a full decode found.
public struct DecodeSummary: Sendable, Hashable, Codable {
    /// Video frames decoded.
    public var videoFrames: Int
    /// Audio frames decoded.
    public var audioFrames: Int
    /// Errors from decoders: rejected packets plus errors they logged while concealing damage.
    public var decoderErrors: Int
    /// Errors from reading the container (damaged or missing sample data).
    public var demuxerErrors: Int
    /// Media time of the packet being decoded when the first error appeared.
    public var firstErrorTime: Double?
    /// The first error's text.
    public var firstErrorMessage: String?
    /// Media time from the first to the end of the last decoded video frame.
    public var videoDuration: Double?
    public var blackStretches: [TimeSpan]
    public var frozenStretches: [TimeSpan]
    /// Motion, cuts and flashes in the pictures; `nil` without decoded video.
    public var content: ContentSummary?
    /// Levels, silence, clipping and loudness of the main audio stream; `nil` without one.
    public var audio: AudioSummary?

    public var errorCount: Int { self.decoderErrors + self.demuxerErrors }
}
