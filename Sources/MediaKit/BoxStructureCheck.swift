/// Refuses MP4/MOV files whose boxes do not nest: a box inside `moov`, a track or a fragment
/// that claims more bytes than its parent holds. Such a file is damaged or crafted, and
/// libavformat 5.1 trusts the inner sizes: fuzzing found a 2 KB file whose track claims
/// 24 KB inside a 2 KB `moov` and sends the mov demuxer through 8 GB of small allocations.
/// A file cut short (a parent running past the end of the file) is not refused here: that is
/// an incomplete download, which probing reports on its own.
enum BoxStructureCheck {
    private static let containers: Set<String> = ["moov", "trak", "mdia", "minf", "stbl", "edts", "dinf", "mvex", "moof", "traf"]

    /// The first box that overflows its parent, described, or `nil`.
    static func problem(path: String) -> String? {
        guard let file = BoxFile(path: path) else { return nil }
        var budget = 50_000
        return Self.walk(file, from: 0, to: file.size, parent: nil, budget: &budget)
    }

    private static func walk(_ file: BoxFile, from start: Int64, to end: Int64, parent: String?, budget: inout Int) -> String? {
        var offset = start
        while offset + 8 <= min(end, file.size), budget > 0 {
            budget -= 1
            guard let box = file.header(at: offset, end: end) else { return nil }
            let name = box.isPrintable ? "'\(box.type)'" : "garbled"
            if let parent {
                guard box.size >= box.headerSize else { return "a \(name) box of \(box.size) bytes inside \(parent) is too small to be a box" }
                if offset + box.size > end {
                    return "a \(name) box of \(box.size) bytes overflows its \(parent) box (\(end - offset) bytes left)"
                }
            } else if box.size < box.headerSize {
                return nil
            }
            if Self.containers.contains(box.type),
                let problem = Self.walk(file, from: offset + box.headerSize, to: offset + box.size, parent: box.type, budget: &budget)
            {
                return problem
            }
            offset += box.size
        }
        return nil
    }
}
