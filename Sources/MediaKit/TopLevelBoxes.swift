#if canImport(Glibc)
import Glibc
#endif

/// The top-level boxes (atoms) of an ISO-BMFF/QuickTime file: type, offset and size, read
/// from box headers alone, without parsing any payload.
///
/// libavformat hides the layout that matters for delivery: whether `moov` comes before
/// `mdat` (progressive playback, "faststart") and whether `moov` is there at all.
public struct TopLevelBoxes: Sendable, Hashable {
    /// One box header.
    public struct Box: Sendable, Hashable {
        /// The four-character type, e.g. `moov`.
        public var type: String
        public var offset: Int64
        public var size: Int64
    }

    public var boxes: [Box]
    /// Whether the last box claims more bytes than the file has.
    public var isTruncated: Bool

    /// Reads the box headers of `path`; at most `limit` boxes are read.
    /// - Returns: `nil` when the file cannot be read or does not start like a box sequence.
    public static func read(path: String, limit: Int = 4096) -> TopLevelBoxes? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let fileSize = Int64(status.st_size)

        var boxes: [Box] = []
        var offset: Int64 = 0
        var header = [UInt8](repeating: 0, count: 16)
        while offset + 8 <= fileSize, boxes.count < limit {
            let count = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 16, off_t(offset)) }
            guard count >= 8 else { break }
            var size = Int64(header[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            let typeBytes = header[4..<8]
            guard typeBytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return boxes.isEmpty ? nil : Self(boxes, false) }
            let type = String(decoding: typeBytes, as: UTF8.self)
            if size == 1 {
                guard count >= 16 else { break }
                let large = header[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                size = large > UInt64(Int64.max) ? Int64.max : Int64(large)
            } else if size == 0 {
                size = fileSize - offset
            }
            guard size >= 8 else { return boxes.isEmpty ? nil : Self(boxes, false) }
            boxes.append(Box(type: type, offset: offset, size: size))
            let (next, overflow) = offset.addingReportingOverflow(size)
            if overflow || next > fileSize {
                return Self(boxes, true)
            }
            offset = next
        }
        return Self(boxes, false)
    }

    private init(_ boxes: [Box], _ isTruncated: Bool) {
        self.boxes = boxes
        self.isTruncated = isTruncated
    }

    /// The first box of `type`, if any.
    public func first(_ type: String) -> Box? {
        self.boxes.first { $0.type == type }
    }

    /// Whether `moov` precedes the first `mdat` (true also when there is no `mdat`, as in
    /// fragmented files whose samples live in `moof`/`mdat` pairs after `moov`).
    public var isFastStart: Bool? {
        guard let moov = self.first("moov") else { return nil }
        guard let mdat = self.first("mdat") else { return true }
        return moov.offset < mdat.offset
    }
}
