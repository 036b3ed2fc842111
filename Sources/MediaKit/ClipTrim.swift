/// The part of a clip a reel uses: from `start` up to `end`, in seconds into the clip.
///
/// The reel cuts the clip frame-accurately: the first picture shown is the one on screen at
/// `start`, the last the one before `end`, and the clip's sound is cut to match. A trimmed
/// clip is always decoded and re-encoded (stream copy can only cut on keyframes).
public struct ClipTrim: Sendable, Hashable, Codable {
    /// Seconds into the clip where the reel's part of it starts.
    public var start: Double
    /// Seconds into the clip where the reel's part of it ends; `nil` is the clip's end. An end
    /// past the clip's end is the clip's end, with a note.
    public var end: Double?

    public init(start: Double = 0, end: Double? = nil) {
        self.start = start
        self.end = end
    }
}
