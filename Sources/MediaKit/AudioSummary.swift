/// What decoding the main audio stream found: length, levels, silence, clipping, loudness.
public struct AudioSummary: Sendable, Hashable, Codable {
    /// The index of the stream measured: the main audio stream, as FFmpeg picks it.
    public var stream: Int
    /// Seconds from the first to the end of the last decoded audio frame.
    public var duration: Double
    /// Samples decoded, all channels together.
    public var samples: Int
    /// The highest sample level in dBFS (0 is full scale); `-infinity` is written as `nil`.
    public var peak: Double?
    /// Samples at or beyond full scale.
    public var clippedSamples: Int
    /// Where clipped samples are, merged to stretches of the frames that hold them.
    public var clipping: [TimeSpan]
    /// Stretches quieter than the silence level, any length.
    public var silence: [TimeSpan]
    /// EBU R128 loudness from libavfilter's `ebur128`; `nil` when it could not be measured.
    public var loudness: Loudness?
    /// Why loudness could not be measured, if it could not.
    public var loudnessError: String?

    public init(
        stream: Int, duration: Double, samples: Int, peak: Double?, clippedSamples: Int, clipping: [TimeSpan],
        silence: [TimeSpan], loudness: Loudness?, loudnessError: String?
    ) {
        self.stream = stream
        self.duration = duration
        self.samples = samples
        self.peak = peak
        self.clippedSamples = clippedSamples
        self.clipping = clipping
        self.silence = silence
        self.loudness = loudness
        self.loudnessError = loudnessError
    }
}

/// EBU R128 / ITU-R BS.1770 measures of a programme.
public struct Loudness: Sendable, Hashable, Codable {
    /// Integrated loudness in LUFS; -70 (the absolute gate) for silence or under 0.4 s of sound.
    public var integrated: Double
    /// The highest true (4x oversampled) peak over all channels, in dBTP; `nil` for digital silence.
    public var truePeak: Double?
    /// Loudness range in LU.
    public var range: Double

    public init(integrated: Double, truePeak: Double?, range: Double) {
        self.integrated = integrated
        self.truePeak = truePeak
        self.range = range
    }
}
