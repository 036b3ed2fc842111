/// A reel's loudness as EBU R128 measures it (libavfilter's `ebur128`, the meter of QA's
/// loudness rule), on the file written.
public struct ReelLoudness: Sendable, Hashable, Codable {
    /// Integrated loudness, LUFS.
    public var integrated: Double
    /// True peak (4x oversampled), dBTP.
    public var truePeak: Double

    public init(integrated: Double, truePeak: Double) {
        self.integrated = integrated
        self.truePeak = truePeak
    }
}
