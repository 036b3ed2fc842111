public import Foundation
public import SoraAPI

/// An input image ready to upload: exactly the requested size, as PNG or JPEG bytes.
public struct FittedImage: Sendable, Hashable {
    /// The image file's bytes.
    public var data: Data
    /// A file name for the upload: the source's stem with the extension of ``contentType``.
    public var fileName: String
    /// `image/png`, `image/jpeg` or `image/webp`.
    public var contentType: String
    /// The size of ``data``'s picture, which is the size asked for.
    public var size: VideoSize
    /// The source's own size.
    public var originalSize: VideoSize
    /// `nil` when the source already had the size and is passed on unchanged.
    public var fit: ImageFit?
}
