#if canImport(Glibc)
    import Glibc
#endif

/// An open ISO-BMFF/QuickTime file read box header by box header, never its payloads: the one
/// box walker behind ``TopLevelBoxes`` (layout) and `BoxStructureCheck` (nesting).
final class BoxFile {
    /// A box header: its type, where it starts, its whole size and the size of the header itself.
    struct Header {
        var type: String
        var offset: Int64
        var size: Int64
        var headerSize: Int64
        /// Whether the type is four printable ASCII characters (a real box's always is).
        var isPrintable: Bool
    }

    private let descriptor: Int32
    let size: Int64

    /// Opens `path`; `nil` when it cannot be read.
    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.size = Int64(status.st_size)
    }

    deinit {
        close(self.descriptor)
    }

    /// The header at `offset`, in a parent that ends at `end` (a size of 0 means "to the end");
    /// `nil` when fewer than 8 bytes are there to read.
    func header(at offset: Int64, end: Int64) -> Header? {
        var bytes = [UInt8](repeating: 0, count: 16)
        let count = bytes.withUnsafeMutableBytes { pread(self.descriptor, $0.baseAddress, 16, off_t(offset)) }
        guard count >= 8 else { return nil }
        var size = Int64(bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        var headerSize: Int64 = 8
        if size == 1 {
            guard count >= 16 else { return nil }
            let large = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            size = large > UInt64(Int64.max / 2) ? Int64.max / 2 : Int64(large)
            headerSize = 16
        } else if size == 0 {
            size = end - offset
        }
        let type = bytes[4..<8]
        return Header(
            type: String(decoding: type, as: UTF8.self), offset: offset, size: size, headerSize: headerSize,
            isPrintable: type.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        )
    }
}
