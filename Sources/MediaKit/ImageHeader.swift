/// The kind and pixel size of a still image, read from its first bytes without decoding it.
///
/// The kind comes from the magic bytes (PNG signature, JPEG SOI marker, RIFF/WEBP), never from
/// the file name.
public struct ImageHeader: Sendable, Hashable {
    /// An image encoding this tool can decode.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case png, jpeg, webp

        /// libavcodec's decoder for the kind.
        var decoderName: String {
            switch self {
            case .png: "png"
            case .jpeg: "mjpeg"
            case .webp: "webp"
            }
        }

        /// The MIME type of an upload of this kind.
        var contentType: String { "image/\(self.rawValue)" }

        /// The file name extension for this kind.
        var fileExtension: String { self == .jpeg ? "jpg" : self.rawValue }
    }

    public var kind: Kind
    public var width: Int
    public var height: Int

    public init(kind: Kind, width: Int, height: Int) {
        self.kind = kind
        self.width = width
        self.height = height
    }

    /// The kind of image `bytes` start with, or `nil` when they are not PNG, JPEG or WebP.
    public static func kind(of bytes: [UInt8]) -> Kind? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return .webp }
        return nil
    }

    /// Reads the header of `bytes`; `nil` when they are not PNG, JPEG or WebP, or the header
    /// is cut short or damaged.
    public static func read(_ bytes: [UInt8]) -> ImageHeader? {
        guard let kind = Self.kind(of: bytes) else { return nil }
        let size: (Int, Int)? =
            switch kind {
            case .png: Self.pngSize(bytes)
            case .jpeg: Self.jpegSize(bytes)
            case .webp: Self.webpSize(bytes)
            }
        guard let (width, height) = size else { return nil }
        return ImageHeader(kind: kind, width: width, height: height)
    }

    /// The IHDR chunk, which the PNG specification requires first.
    private static func pngSize(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        return (Self.be32(bytes, 16), Self.be32(bytes, 20))
    }

    /// The first start-of-frame segment (SOF0-SOF15 except DHT, JPG and DAC).
    private static func jpegSize(_ bytes: [UInt8]) -> (Int, Int)? {
        var index = 2
        while index + 9 < bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            let marker = bytes[index + 1]
            if marker == 0xFF { index += 1; continue }  // fill byte
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC {
                return (Self.be16(bytes, index + 7), Self.be16(bytes, index + 5))
            }
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { index += 2; continue }
            if marker == 0xD9 || marker == 0xDA { return nil }  // end of image or scan data before any frame header
            let length = Self.be16(bytes, index + 2)
            guard length >= 2 else { return nil }
            index += 2 + length
        }
        return nil
    }

    /// The first chunk: lossy (`VP8 `), lossless (`VP8L`) or extended (`VP8X`).
    private static func webpSize(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.count >= 30 else { return nil }
        switch String(decoding: bytes[12..<16], as: UTF8.self) {
        case "VP8 ":
            guard bytes[23] == 0x9D, bytes[24] == 0x01, bytes[25] == 0x2A else { return nil }
            return (Self.le16(bytes, 26) & 0x3FFF, Self.le16(bytes, 28) & 0x3FFF)
        case "VP8L":
            guard bytes[20] == 0x2F else { return nil }
            let bits = UInt32(bytes[21]) | UInt32(bytes[22]) << 8 | UInt32(bytes[23]) << 16 | UInt32(bytes[24]) << 24
            return (Int(bits & 0x3FFF) + 1, Int((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            return (Self.le24(bytes, 24) + 1, Self.le24(bytes, 27) + 1)
        default:
            return nil
        }
    }

    private static func be32(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
    private static func be16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) << 8 | Int(b[i + 1]) }
    private static func le16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    private static func le24(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 }
}
