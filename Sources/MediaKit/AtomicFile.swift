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

    /// Runs `body` with a temporary path, then renames the result to `path`; on failure the
    /// temporary file is removed and nothing appears at `path`.
    static func write<Result>(
        to path: String,
        _ body: (String) throws(MediaError) -> Result
    ) throws(MediaError) -> Result {
        let temporary = Self.temporaryPath(for: path)
        do throws(MediaError) {
            let result = try body(temporary)
            if rename(temporary, path) != 0 {
                let reason = String(cString: strerror(errno))
                throw MediaError(.writeFailed, path: path, "cannot move the finished file into place: \(reason)")
            }
            return result
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
