public import Foundation

/// Runs a program to completion with its output captured in temporary files (reading pipes
/// with Foundation's `readDataToEndOfFile` can trap on `EINTR` while other tests spawn processes).
///
/// Waiting is asynchronous: a test that blocked a cooperative thread on a child process would
/// starve servers running in the test process (the emulator the child talks to, among them).
public enum ProcessRunner {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs the program; `whileRunning` is called once it has started (to signal it, say).
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
        whileRunning: @Sendable (Process) async throws -> Void = { _ in }
    ) async throws -> Result {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout")
        let err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let exited = Task { try await Self.runToExit(process) }
        // Until it has a process id (or failed to start, which the task then throws), at most 10 s.
        for _ in 0..<2000 where process.processIdentifier == 0 { try await Task.sleep(for: .milliseconds(5)) }
        if process.processIdentifier != 0 { try await whileRunning(process) }
        try await exited.value
        return Result(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        )
    }

    /// Starts `process` and waits, without blocking a thread, until it exits.
    public static func runToExit(_ process: Process) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}
