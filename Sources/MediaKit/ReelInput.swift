/// One clip of a reel: its file, the title of its chapter, the part of it to use and a caption.
public struct ReelInput: Sendable, Hashable {
    public var path: String
    /// The chapter title; default: the file name without its extension.
    public var title: String?
    /// The part of the clip to use; `nil` uses all of it.
    public var trim: ClipTrim?
    /// Text shown under the clip for as long as its chapter lasts, as a soft subtitle
    /// (`mov_text`) in the reel and a cue in the WebVTT file beside it; `nil` or empty for none.
    public var caption: String?

    public init(path: String, title: String? = nil, trim: ClipTrim? = nil, caption: String? = nil) {
        self.path = path
        self.title = title
        self.trim = trim
        self.caption = caption
    }
}
