/// How an input image whose size differs from the video's is made to fit it.
public enum ImageFit: String, Sendable, Hashable, Codable, CaseIterable {
    /// Scale to cover the whole frame, then cut the overflow equally from both sides.
    case crop
    /// Scale to fit inside the frame, whole, with black bars on the two short sides.
    case pad
}
