#if canImport(Glibc)
    import Glibc
#endif

/// Which file a path names on disk: its device and inode, with symbolic links followed.
///
/// Two paths name the same file exactly when their identities are equal, whatever their
/// spelling (`a.mp4`, `./a.mp4`, a symbolic or hard link to it), so an output can be checked
/// against the inputs of the same call before anything is written.
public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64

    /// The identity of the file at `path`, or `nil` when nothing (readable) is there.
    public init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.device = UInt64(status.st_dev)
        self.inode = UInt64(status.st_ino)
    }

    /// Refuses to write `output` when it names one of `inputs`.
    /// - Throws: ``MediaError`` `.invalidRequest` naming the output and the input it would replace.
    public static func refuseOverwriting(_ output: String, inputs: [String]) throws(MediaError) {
        guard let target = FileIdentity(path: output) else { return }
        if let input = inputs.first(where: { FileIdentity(path: $0) == target }) {
            let same = input == output ? "it is an input" : "it is the input \(input)"
            throw MediaError(.invalidRequest, path: output, "will not overwrite an input: \(same); choose another output")
        }
    }
}
