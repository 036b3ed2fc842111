import FFmpegKit

/// An image format for stills.
public enum ImageFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case jpg, png
    /// What Sora 2 serves as a video's thumbnail (libavcodec's libwebp encoder).
    case webp

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

    /// The even-rounded height for `width` at `aspect` (width / height).
    static func height(for width: Int, aspect: Double) -> Int {
        max(2, Int((Double(width) / aspect / 2).rounded()) * 2)
    }

    /// Writes `bytes` to `path` under a temporary name, then renames it.
    static func write(_ bytes: [UInt8], to path: String) throws(MediaError) {
        try AtomicFile.write(to: path) { temporary throws(MediaError) in
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw MediaError(.writeFailed, path: path, "cannot create: \(String(cString: strerror(errno)))")
            }
            defer { close(descriptor) }
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard written == bytes.count else {
                throw MediaError(.writeFailed, path: path, "cannot write: \(String(cString: strerror(errno)))")
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
