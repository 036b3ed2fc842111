import Foundation

/// A real PostgreSQL server for tests, started from Debian's `postgresql` binaries in a
/// temporary folder on a free loopback port, one per test process, stopped when it exits.
/// Each test makes a database of its own with ``makeDatabase()``.
///
/// `initdb` refuses to run as root (as CI does), so as root the folder is given to the
/// `postgres` user and the server runs as that user through `runuser`; otherwise it runs as
/// the current user. Nothing is mocked.
public final class PostgresServer: Sendable {
    /// The loopback port it listens on.
    public let port: Int
    /// The folder holding its data, socket and log.
    public let folder: String
    let binaries: String
    let asUser: String?

    init(port: Int, folder: String, binaries: String, asUser: String?) {
        self.port = port
        self.folder = folder
        self.binaries = binaries
        self.asUser = asUser
    }

    /// Why PostgreSQL tests cannot run here, or `nil` when they can.
    public static var unavailable: String? {
        Self.binaryFolder == nil ? "PostgreSQL is not installed (scripts/setup installs Debian's postgresql)" : nil
    }

    /// The shared server of this test process, started on first use; `nil` when PostgreSQL is
    /// not installed.
    public static func shared() async throws -> PostgresServer? {
        try await Self.starter.value
    }

    private static let starter = Task<PostgresServer?, any Error> {
        guard let binaries = PostgresServer.binaryFolder else { return nil }
        let server = try await PostgresServer.start(binaries: binaries)
        PostgresServerCleanup.register(server)
        return server
    }

    /// A new empty database on the shared server, as a `postgres://` URL; `nil` when
    /// PostgreSQL is not installed.
    public static func makeDatabase() async throws -> String? {
        guard let server = try await Self.shared() else { return nil }
        return try await server.makeDatabase()
    }

    /// A new empty database, as a `postgres://` URL.
    public func makeDatabase() async throws -> String {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await self.run("createdb", ["-h", "127.0.0.1", "-p", "\(self.port)", "-U", "postgres", name])
        return "postgres://postgres@127.0.0.1:\(self.port)/\(name)"
    }

    /// Stops the server at once and removes its folder.
    public func stopNow() {
        let arguments = [self.binaries + "/pg_ctl", "-D", self.folder + "/data", "-m", "immediate", "-w", "stop"]
        let (executable, all) = self.asUser.map { ("/usr/sbin/runuser", ["-u", $0, "--"] + arguments) } ?? (arguments[0], Array(arguments.dropFirst()))
        if let pid = try? Spawn.start(executable, all, output: "/dev/null") {
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        try? FileManager.default.removeItem(atPath: self.folder)
    }

    // MARK: Starting

    /// `/usr/lib/postgresql/N/bin` of the newest installed version with `initdb` and `pg_ctl`.
    static var binaryFolder: String? {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.compactMap { Int($0) }.sorted(by: >).map { "\(root)/\($0)/bin" }.first { folder in
            FileManager.default.isExecutableFile(atPath: folder + "/initdb") && FileManager.default.isExecutableFile(atPath: folder + "/pg_ctl")
        }
    }

    private static func start(binaries: String) async throws -> PostgresServer {
        let asUser: String? = getuid() == 0 ? "postgres" : nil
        Self.stopAbandoned(binaries: binaries, asUser: asUser)
        let folder = "\(Self.root)/\(Self.prefix)\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "\(getpid())\n".write(toFile: folder + "/" + Self.ownerFile, atomically: false, encoding: .utf8)
        if let user = asUser {
            guard let entry = getpwnam(user) else {
                throw PostgresServerError(
                    "running as root, and there is no \(user) user to run PostgreSQL as (scripts/setup installs postgresql, which makes it)")
            }
            guard chown(folder, entry.pointee.pw_uid, entry.pointee.pw_gid) == 0 else {
                throw PostgresServerError("cannot give \(folder) to \(user): errno \(errno)")
            }
        }
        var lastError: (any Error)?
        let server0 = PostgresServer(port: 0, folder: folder, binaries: binaries, asUser: asUser)
        try await server0.run("initdb", ["-D", folder + "/data", "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"])
        // A free port can be taken between finding it and binding it: try a few.
        for _ in 0..<5 {
            let port = try Self.freePort()
            let server = PostgresServer(port: port, folder: folder, binaries: binaries, asUser: asUser)
            do {
                try await server.run(
                    "pg_ctl",
                    [
                        "-D", folder + "/data", "-l", folder + "/server.log", "-w", "-t", "60",
                        "-o", "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                        "start",
                    ]
                )
                return server
            } catch {
                lastError = error
            }
        }
        throw lastError ?? PostgresServerError("PostgreSQL did not start")
    }

    /// Where the servers' folders are made, and how their names start.
    private static let (root, prefix) = ("/tmp", "sorareel-pg-")
    /// The file in a server's folder naming the test process that started it.
    private static let ownerFile = "owner.pid"

    /// Stops the servers whose test process died without running its `atexit` (a crash, a
    /// SIGKILL): such a server would otherwise run until the machine stops.
    private static func stopAbandoned(binaries: String, asUser: String?) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: Self.root)) ?? [] where name.hasPrefix(Self.prefix) {
            let folder = Self.root + "/" + name
            guard let text = try? String(contentsOfFile: folder + "/" + Self.ownerFile, encoding: .utf8),
                let owner = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                kill(owner, 0) != 0, errno == ESRCH
            else { continue }
            PostgresServer(port: 0, folder: folder, binaries: binaries, asUser: asUser).stopNow()
        }
    }

    /// Runs one of the server's programs (as `postgres` when root), failing with its output.
    func run(_ program: String, _ arguments: [String]) async throws {
        let path = self.binaries + "/" + program
        let output = self.folder + "/\(program).out"
        let (executable, all) = self.asUser.map { ("/usr/sbin/runuser", ["-u", $0, "--", path] + arguments) } ?? (path, arguments)
        let status = try await Spawn.run(executable, all, output: output)
        guard status == 0 else {
            let said = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            let log = (try? String(contentsOfFile: self.folder + "/server.log", encoding: .utf8)) ?? ""
            throw PostgresServerError("\(program) failed (exit \(status)): \(said) \(log.suffix(2000))")
        }
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PostgresServerError("no socket for a free port: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw PostgresServerError("cannot find a free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why the test server could not start, in one line.
public struct PostgresServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Stops the shared server when the test process exits (a server left running would outlive it).
enum PostgresServerCleanup {
    nonisolated(unsafe) static var server: PostgresServer?

    static func register(_ server: PostgresServer) {
        Self.server = server
        atexit {
            PostgresServerCleanup.server?.stopNow()
        }
    }
}

/// Starts programs with `posix_spawn` and waits for them by polling `waitpid`: `pg_ctl start`
/// leaves a daemon behind that inherits what Foundation's `Process` watches for the child's
/// end, so `Process` would wait for the server to stop, not for `pg_ctl`.
enum Spawn {
    static func start(_ executable: String, _ arguments: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard result == 0 else { throw PostgresServerError("cannot start \(executable): errno \(result)") }
        return pid
    }

    /// Runs the program to its end without blocking a thread; its exit status.
    static func run(_ executable: String, _ arguments: [String], output: String) async throws -> Int32 {
        let pid = try Self.start(executable, arguments, output: output)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
