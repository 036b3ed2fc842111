/// Limits applied whenever MediaKit opens a file it did not write.
public struct MediaOpenOptions: Sendable, Hashable {
    /// Also accept other single-file containers (Matroska/WebM, MPEG-TS, AVI, Ogg).
    /// Playlists and network formats are never accepted.
    public var allowsOtherContainers: Bool
    /// Wall-clock limit on one file's open plus the work done on it.
    public var timeLimit: Duration?

    public init(allowsOtherContainers: Bool = false, timeLimit: Duration? = .seconds(60)) {
        self.allowsOtherContainers = allowsOtherContainers
        self.timeLimit = timeLimit
    }
}
