import FFmpegKit
import Foundation

#if canImport(Glibc)
    import Glibc
    public import SoraAPI
#endif

/// Makes an input image (PNG, JPEG or WebP) exactly the size of the video it starts.
///
/// The image's kind is read from its magic bytes, its size from its header; a mismatched
/// image is refused unless a ``fit`` is given, in which case it is decoded with libavcodec,
/// scaled with libswscale (``ImageFit/crop`` to cover, ``ImageFit/pad`` to fit with black
/// bars) and re-encoded in memory: JPEG stays JPEG, PNG and WebP become PNG. An image that
/// already has the size is passed on byte for byte.
public struct ImageFitter: Sendable {
    /// What to do with an image of another size; `nil` refuses it.
    public var fit: ImageFit?
    /// Images wider or taller than this are refused before anything is allocated.
    public var maxDimension: Int
    /// Files larger than this are refused before they are read.
    public var maxFileBytes: Int
    /// How the refusal of a mismatched image tells the user to fit it, in their terms
    /// (a command-line flag, a storyboard field).
    public var mismatchAdvice: String

    public init(
        fit: ImageFit? = nil, maxDimension: Int = 8192, maxFileBytes: Int = 64 << 20,
        mismatchAdvice: String = "fit it with crop (cover, edges cut) or pad (whole, black bars)"
    ) {
        self.fit = fit
        self.maxDimension = maxDimension
        self.maxFileBytes = maxFileBytes
        self.mismatchAdvice = mismatchAdvice
    }

    /// Reads the image at `path` and fits it to `size`.
    /// - Throws: ``MediaError`` naming the file: unreadable, not an image, too large, of
    ///   another size without ``fit``, or undecodable.
    public func fit(path: String, to size: VideoSize) throws(MediaError) -> FittedImage {
        try self.fit(try self.read(path), name: path, to: size)
    }

    /// Fits the image file in `bytes`; `name` is its path or name, for errors and the upload's name.
    public func fit(_ bytes: [UInt8], name: String, to size: VideoSize) throws(MediaError) -> FittedImage {
        let header = try self.header(bytes, name: name)
        let original = VideoSize(width: header.width, height: header.height)
        let stem = URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent
        if original == size {
            return FittedImage(
                data: Data(bytes), fileName: "\(stem).\(header.kind.fileExtension)", contentType: header.kind.contentType,
                size: size, originalSize: original, fit: nil
            )
        }
        guard let fit = self.fit else {
            throw MediaError(.sizeMismatch, path: name, "the image is \(original) but the video is \(size); \(self.mismatchAdvice)")
        }
        guard size.width <= self.maxDimension, size.height <= self.maxDimension else {
            throw MediaError(.invalidRequest, path: name, "cannot fit an image to \(size): above \(self.maxDimension) pixels on a side")
        }
        let output: ImageHeader.Kind = header.kind == .jpeg ? .jpeg : .png
        let encoded: [UInt8]
        do {
            encoded = try Self.scale(bytes, header: header, to: size, fit: fit, output: output)
        } catch {
            throw MediaError(.unreadable, path: name, "cannot decode the \(header.kind.rawValue.uppercased()) image: \(ErrorWords.ffmpeg(error))")
        }
        return FittedImage(
            data: Data(encoded), fileName: "\(stem).\(output.fileExtension)", contentType: output.contentType,
            size: size, originalSize: original, fit: fit
        )
    }

    /// The kind and size of the image at `path`, from its header alone, with the same checks
    /// as ``fit(path:to:)`` (a storyboard checks its images this way before any job exists).
    public func header(path: String) throws(MediaError) -> ImageHeader {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw MediaError(.notFound, path: path, "cannot open the image: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 1 << 16)
        let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        return try self.header(Array(bytes.prefix(max(0, count))), name: path)
    }

    private func header(_ bytes: [UInt8], name: String) throws(MediaError) -> ImageHeader {
        guard !bytes.isEmpty else { throw MediaError(.empty, path: name, "the image file is empty") }
        guard ImageHeader.kind(of: bytes) != nil else {
            throw MediaError(.unsupportedFormat, path: name, "not a PNG, JPEG or WebP image\(Self.detected(bytes))")
        }
        guard let header = ImageHeader.read(bytes) else {
            throw MediaError(.unreadable, path: name, "the image header is damaged or cut short")
        }
        guard header.width > 0, header.height > 0, header.width <= self.maxDimension, header.height <= self.maxDimension else {
            throw MediaError(
                .invalidRequest, path: name,
                "the image claims \(header.width)x\(header.height) pixels; images above \(self.maxDimension) on a side are refused"
            )
        }
        return header
    }

    private func read(_ path: String) throws(MediaError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw MediaError(.notFound, path: path, "cannot read the image: \(String(cString: strerror(errno)))")
        }
        guard Int(status.st_mode) & Int(S_IFMT) == Int(S_IFREG) else { throw MediaError(.notAFile, path: path, "not a regular file") }
        guard Int(status.st_size) <= self.maxFileBytes else {
            throw MediaError(.invalidRequest, path: path, "the image is \(status.st_size) bytes, above the \(self.maxFileBytes)-byte limit")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MediaError(.unreadable, path: path, "cannot read the image")
        }
        return [UInt8](data)
    }

    /// Decode, scale onto a black canvas of `size`, encode.
    private static func scale(
        _ bytes: [UInt8], header: ImageHeader, to size: VideoSize, fit: ImageFit, output: ImageHeader.Kind
    ) throws(FFmpegError) -> [UInt8] {
        // The bound allows the alignment padding decoders add to their buffers, and no more.
        let decoder = try ImageDecoder(codecName: header.kind.decoderName, maxPixels: (header.width + 128) * (header.height + 128))
        let picture = try decoder.decode(bytes)
        guard picture.width == header.width, picture.height == header.height else {
            throw FFmpegError(
                code: FFmpegError.invalidData, function: "avcodec_receive_frame",
                message: "the header says \(header.width)x\(header.height) but the picture is \(picture.width)x\(picture.height)"
            )
        }
        let canvas = try Frame.video(width: size.width, height: size.height, pixelFormat: "rgb24")
        try canvas.fillBlack()
        let scaler = Scaler(quality: true)
        let source = VideoSize(width: picture.width, height: picture.height)
        switch fit {
        case .crop:
            let area = FitGeometry.cover(source, target: size)
            try picture.crop(x: area.x, y: area.y, width: area.width, height: area.height)
            try scaler.scale(picture, into: canvas)
        case .pad:
            let area = FitGeometry.contain(source, target: size)
            try scaler.scale(picture, into: canvas, x: area.x, y: area.y, width: area.width, height: area.height)
        }
        let encoder = try Encoder.image(codecName: output == .jpeg ? "mjpeg" : "png", width: size.width, height: size.height)
        if encoder.pixelFormatName == "rgb24" { return try encoder.encodeImage(canvas) }
        let converted = try Frame.video(width: size.width, height: size.height, pixelFormat: encoder.pixelFormatName)
        try Scaler(quality: true).scale(canvas, into: converted)
        return try encoder.encodeImage(converted)
    }

    /// What libavformat takes the bytes for, as " (detected: mov,mp4,...)", or nothing.
    private static func detected(_ bytes: [UInt8]) -> String {
        if bytes.count >= 8, Array(bytes[4..<8]) == Array("ftyp".utf8) { return " (detected: MP4/MOV video)" }
        if bytes.prefix(512).allSatisfy({ $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20..<0x7F).contains($0) }) {
            return " (detected: text)"
        }
        return ""
    }
}
