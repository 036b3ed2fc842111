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
        guard let file = BoxFile(path: path) else { return nil }
        var boxes: [Box] = []
        var offset: Int64 = 0
        while offset + 8 <= file.size, boxes.count < limit {
            guard let header = file.header(at: offset, end: file.size) else { break }
            guard header.isPrintable, header.size >= 8 else { return boxes.isEmpty ? nil : Self(boxes, false) }
            boxes.append(Box(type: header.type, offset: offset, size: header.size))
            let (next, overflow) = offset.addingReportingOverflow(header.size)
            if overflow || next > file.size {
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
