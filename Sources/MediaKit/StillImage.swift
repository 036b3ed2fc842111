import FFmpegKit

/// An image format for stills.
public enum ImageFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case jpg, png
    /// What Sora 2 serves as a video's thumbnail (libavcodec's libwebp encoder).
    case webp

    /// `JPEG`, `PNG`, `WebP`: the format's name in messages.
    var displayName: String {
        switch self {
        case .jpg: "JPEG"
        case .png: "PNG"
        case .webp: "WebP"
        }
    }

    var codecName: String {
        switch self {
        case .jpg: "mjpeg"
        case .png: "png"
        case .webp: "libwebp"
        }
    }
}

/// Scales a picture to a size and encodes it as JPEG (FFmpeg's MJPEG encoder) or PNG.
enum StillImage {
    static func encode(_ picture: Frame, width: Int, height: Int, format: ImageFormat) throws(FFmpegError) -> [UInt8] {
        let encoder = try Encoder.image(codecName: format.codecName, width: width, height: height)
        let scaled = try Frame.video(width: width, height: height, pixelFormat: encoder.pixelFormatName)
        try Scaler(quality: true).scale(picture, into: scaled)
        return try encoder.encodeImage(scaled)
    }

    /// Refuses a still that the encoder cannot make, before anything is allocated.
    ///
    /// FFmpeg's MJPEG encoder reserves about 1.5 KB per 16x16 block for its output and the PNG
    /// encoder about 3 bytes per pixel; FFmpegKit caps any one allocation at 128 MiB (against
    /// hostile files), so JPEG stills stop near 22 million pixels (4700x4700 works, 4800x4800
    /// does not) and PNG stills near 44 million (6656x6656 works).
    /// - Throws: ``MediaError`` `.invalidRequest` naming the size, the limit and the widest
    ///   still of this shape that works.
    static func checkSize(width: Int, height: Int, format: ImageFormat, path: String) throws(MediaError) {
        guard !Self.fits(width: width, height: height, format: format) else { return }
        let aspect = Double(width) / Double(height)
        var widest = width
        while widest > 16, !Self.fits(width: widest, height: Self.height(for: widest, aspect: aspect), format: format) {
            widest -= 2
        }
        let limit = (Self.maxPixels(format) + 500_000) / 1_000_000
        throw MediaError(
            .invalidRequest, path: path,
            "a \(width)x\(height) \(format.displayName) image is too large: at most about \(limit) million pixels,"
                + " here at most \(widest) wide"
        )
    }

    /// Whether the encoder for `format` can make a `width` x `height` image.
    static func fits(width: Int, height: Int, format: ImageFormat) -> Bool {
        guard width <= 16_384, height <= 16_384 else { return false }
        switch format {
        case .jpg: return ((width + 15) / 16) * ((height + 15) / 16) <= Self.maxJPEGBlocks
        case .png, .webp: return width * height <= Self.maxPixels(format)
        }
    }

    /// 16x16 blocks the MJPEG encoder can reserve room for under FFmpegKit's allocation cap.
    static let maxJPEGBlocks = 84_000

    static func maxPixels(_ format: ImageFormat) -> Int {
        switch format {
        case .jpg: Self.maxJPEGBlocks * 256
        case .png, .webp: 43_000_000
        }
    }

    /// The even-rounded height for `width` at `aspect` (width / height).
    static func height(for width: Int, aspect: Double) -> Int {
        max(2, Int((Double(width) / aspect / 2).rounded()) * 2)
    }

    /// Writes `bytes` to `path` under a temporary name, then renames it.
    static func write(_ bytes: [UInt8], to path: String) throws(MediaError) {
        try AtomicFile.write(to: path) { temporary throws(MediaError) in
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw MediaError(.writeFailed, path: path, "cannot create it: \(ErrorWords.errno(errno))")
            }
            defer { close(descriptor) }
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard written == bytes.count else {
                throw MediaError(.writeFailed, path: path, "cannot write it: \(ErrorWords.errno(errno))")
            }
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif
