/// How far a reel has come: seconds of the reel written out of its total. Reported to the
/// ``ReelBuilder/progress`` callback about once per second of reel (re-encoding) or per clip
/// (stream copy); the library never prints.
public struct ReelProgress: Sendable, Hashable {
    /// Seconds of the reel written so far.
    public var seconds: Double
    /// Seconds the reel will have.
    public var total: Double

    public init(seconds: Double, total: Double) {
        self.seconds = seconds
        self.total = total
    }

    /// From 0 to 1.
    public var fraction: Double { self.total > 0 ? min(1, max(0, self.seconds / self.total)) : 0 }
}
