#if canImport(Glibc)
import Glibc
#endif

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
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        var budget = 50_000
        return Self.walk(descriptor, from: 0, to: Int64(status.st_size), parent: nil, fileSize: Int64(status.st_size), budget: &budget)
    }

    private static func walk(
        _ descriptor: Int32, from start: Int64, to end: Int64, parent: String?, fileSize: Int64, budget: inout Int
    ) -> String? {
        var offset = start
        while offset + 8 <= min(end, fileSize), budget > 0 {
            budget -= 1
            var header = [UInt8](repeating: 0, count: 16)
            let count = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 16, off_t(offset)) }
            guard count >= 8 else { return nil }
            let word = { (i: Int) in Int64(header[i]) << 24 | Int64(header[i + 1]) << 16 | Int64(header[i + 2]) << 8 | Int64(header[i + 3]) }
            var size = word(0)
            let type = String(decoding: header[4..<8], as: UTF8.self)
            var headerSize: Int64 = 8
            if size == 1 {
                guard count >= 16 else { return nil }
                let large = UInt64(word(8)) << 32 | UInt64(word(12))
                size = large > UInt64(Int64.max / 2) ? Int64.max / 2 : Int64(large)
                headerSize = 16
            } else if size == 0 {
                size = end - offset
            }
            if let parent {
                guard size >= headerSize else { return "a \(Self.printable(type)) box of \(size) bytes inside \(parent) is too small to be a box" }
                if offset + size > end {
                    return "a \(Self.printable(type)) box of \(size) bytes overflows its \(parent) box (\(end - offset) bytes left)"
                }
            } else if size < headerSize {
                return nil
            }
            if Self.containers.contains(type),
                let problem = Self.walk(descriptor, from: offset + headerSize, to: offset + size, parent: type, fileSize: fileSize, budget: &budget)
            {
                return problem
            }
            offset += size
        }
        return nil
    }

    private static func printable(_ type: String) -> String {
        type.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } ? "'\(type)'" : "garbled"
    }
}
