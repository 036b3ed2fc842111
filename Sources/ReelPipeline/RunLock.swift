import Foundation

/// An exclusive lock on an output folder, so two runs never write the same files. Held with
/// `fcntl` on `.sorareel.lock`: the kernel releases it when the process dies, even by
/// `kill -9`, so a crashed run never leaves a stale lock behind.
final class RunLock: Sendable {
    private let descriptor: Int32
    let path: String

    /// Takes the lock or throws ``PipelineError`` `.locked` naming the process that holds it.
    init(folder: String) throws {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(".sorareel.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PipelineError(.io, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        if fcntl(descriptor, F_SETLK, &lock) != 0 {
            var probe = flock()
            probe.l_type = Int16(F_WRLCK)
            probe.l_whence = Int16(SEEK_SET)
            _ = fcntl(descriptor, F_GETLK, &probe)
            close(descriptor)
            let holder = probe.l_pid > 0 ? " (process \(probe.l_pid))" : ""
            throw PipelineError(.locked, "\(folder) is in use by another run\(holder); wait for it or choose another --output")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        close(self.descriptor)
    }
}
