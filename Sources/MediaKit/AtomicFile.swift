import Foundation

/// Writes an output under a temporary name beside its final path and renames it into
/// place only when complete, so no partial file ever carries a final name.
enum AtomicFile {
    /// The temporary path used while `path` is being written.
    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let name = ".\(url.deletingPathExtension().lastPathComponent).\(UUID().uuidString.prefix(8)).partial.\(url.pathExtension)"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Refuses, before any work, a destination that cannot be written: a folder, or a path
    /// whose folder is missing or is not one.
    static func checkDestination(_ path: String) throws(MediaError) {
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            throw MediaError(.writeFailed, path: path, "is a folder: name the file to write")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard stat(folder, &status) == 0 else {
            throw MediaError(.writeFailed, path: path, "cannot write it: the folder \(folder) does not exist")
        }
        guard status.st_mode & S_IFMT == S_IFDIR else {
            throw MediaError(.writeFailed, path: path, "cannot write it: \(folder) is not a folder")
        }
        guard access(folder, W_OK) == 0 else {
            throw MediaError(.writeFailed, path: path, "cannot write it: \(ErrorWords.errno(errno)) in \(folder)")
        }
    }

    /// Runs `body` with a temporary path, then renames the result to `path`; on failure the
    /// temporary file is removed and nothing appears at `path`.
    static func write<Result>(
        to path: String,
        _ body: (String) throws(MediaError) -> Result
    ) throws(MediaError) -> Result {
        try Self.checkDestination(path)
        let temporary = Self.temporaryPath(for: path)
        do throws(MediaError) {
            let result = try body(temporary)
            if rename(temporary, path) != 0 {
                let reason = ErrorWords.errno(errno)
                throw MediaError(.writeFailed, path: path, "cannot move the finished file into place: \(reason)")
            }
            return result
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
