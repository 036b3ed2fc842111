public import SoraAPI
/// What a file is validated against. Every expectation is optional; the structural rules
/// (container, one video stream, web-playable pixel format, faststart) always run.
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
        open: MediaOpenOptions = MediaOpenOptions(timeLimit: .seconds(600))
    ) {
        self.expectedSize = expectedSize
        self.expectedSeconds = expectedSeconds
        self.tolerance = tolerance
        self.expectedCodec = expectedCodec
        self.deep = deep
        self.minimumBlackSeconds = minimumBlackSeconds
        self.minimumFreezeSeconds = minimumFreezeSeconds
        self.open = open
    }
}
