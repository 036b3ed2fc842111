public import SoraAPI

/// What a file is validated against. Every expectation is optional; the structural rules
/// (container, one video stream, web playback, faststart) always run, and with ``deep`` so do
/// the rules that need a decode (black, frozen, flashes, static, cuts and the audio rules).
///
/// A ``ValidationPolicy`` sets these thresholds and each rule's level from a file.
public struct ValidationOptions: Sendable, Hashable {
    /// Expected coded width and height, e.g. the size a generation job asked for.
    public var expectedSize: VideoSize?
    /// Expected duration in seconds.
    public var expectedSeconds: Double?
    /// Allowed difference from ``expectedSeconds``.
    public var tolerance: Double
    /// Expected video codec name, e.g. `h264`.
    public var expectedCodec: String?
    /// Decode every frame (counting errors, finding black and frozen stretches). On by default.
    public var deep: Bool
    /// Shortest black stretch that fails the file.
    public var minimumBlackSeconds: Double
    /// Shortest frozen stretch that fails the file.
    public var minimumFreezeSeconds: Double
    /// Flashes per second above which a stretch fails `flashes` (ITU-R BT.1702, Ofcom: 3).
    public var maximumFlashesPerSecond: Double
    /// Motion (mean luma change of block averages over half a second, beyond frame-to-frame
    /// noise, on 0...255) below which a moment counts as still for `static`.
    public var staticMotionThreshold: Double
    /// Share of the clip (0...1) that must be still for `static` to fail.
    public var staticRatio: Double
    /// Scene-change score (0...100, as ffmpeg's `scdet`) at or above which a frame is a cut.
    public var cutThreshold: Double
    /// Level in dBFS below which audio counts as silence.
    public var silenceLevel: Double
    /// Shortest silent stretch that fails `silence`.
    public var minimumSilenceSeconds: Double
    /// Largest share of samples (0...1) allowed at or beyond full scale before `clipping` fails.
    public var maximumClippedRatio: Double
    /// Integrated loudness (LUFS) that `loudness` checks against; `nil` only reports it.
    public var loudnessTarget: Double?
    /// Allowed distance from ``loudnessTarget``, in LU.
    public var loudnessTolerance: Double
    /// Highest true peak (dBTP) `loudness` allows; `nil` only reports it.
    public var maximumTruePeak: Double?
    /// Largest allowed difference between the audio and video lengths, in seconds.
    public var avLengthTolerance: Double
    /// Each rule's level where it differs from the rule's default: `error`, `warning` or `off`.
    public var levels: [String: RuleLevel]
    /// Decoder threads per file; 0 lets FFmpeg choose from the core count. A batch that
    /// checks as many files at once as there are cores runs each decoder on one thread.
    public var decoderThreads: Int
    /// Limits on opening and reading.
    public var open: MediaOpenOptions

    public init(
        expectedSize: VideoSize? = nil,
        expectedSeconds: Double? = nil,
        tolerance: Double = 0.25,
        expectedCodec: String? = nil,
        deep: Bool = true,
        minimumBlackSeconds: Double = 1.0,
        minimumFreezeSeconds: Double = 2.0,
        maximumFlashesPerSecond: Double = 3,
        staticMotionThreshold: Double = 0.25,
        staticRatio: Double = 0.9,
        cutThreshold: Double = 10,
        silenceLevel: Double = -60,
        minimumSilenceSeconds: Double = 2,
        maximumClippedRatio: Double = 0.0001,
        loudnessTarget: Double? = nil,
        loudnessTolerance: Double = 2,
        maximumTruePeak: Double? = nil,
        avLengthTolerance: Double = 0.2,
        levels: [String: RuleLevel] = [:],
        decoderThreads: Int = 0,
        open: MediaOpenOptions = MediaOpenOptions(timeLimit: .seconds(600))
    ) {
        self.expectedSize = expectedSize
        self.expectedSeconds = expectedSeconds
        self.tolerance = tolerance
        self.expectedCodec = expectedCodec
        self.deep = deep
        self.minimumBlackSeconds = minimumBlackSeconds
        self.minimumFreezeSeconds = minimumFreezeSeconds
        self.maximumFlashesPerSecond = maximumFlashesPerSecond
        self.staticMotionThreshold = staticMotionThreshold
        self.staticRatio = staticRatio
        self.cutThreshold = cutThreshold
        self.silenceLevel = silenceLevel
        self.minimumSilenceSeconds = minimumSilenceSeconds
        self.maximumClippedRatio = maximumClippedRatio
        self.loudnessTarget = loudnessTarget
        self.loudnessTolerance = loudnessTolerance
        self.maximumTruePeak = maximumTruePeak
        self.avLengthTolerance = avLengthTolerance
        self.levels = levels
        self.decoderThreads = decoderThreads
        self.open = open
    }
}
