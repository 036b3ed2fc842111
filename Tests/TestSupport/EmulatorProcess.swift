import Foundation

/// The built-in emulator as a process of its own (`sorareel emulator --port 0`), as a real
/// service is: for tests whose service must not share the test runner's threads. The emulator
/// started inside the test process answers only when the runner's threads are free, and with
/// the whole suite running on two cores a request can wait there for seconds, which a test of
/// what a killed run's request did must not mistake for the service's behaviour.
public final class EmulatorProcess: Sendable {
    /// Where it listens, e.g. `http://127.0.0.1:41234`.
    public let baseURL: String
    private let identifier: Int32
    private let exited: Task<Void, any Error>
    private let folder: URL

    private init(baseURL: String, identifier: Int32, exited: Task<Void, any Error>, folder: URL) {
        self.baseURL = baseURL
        self.identifier = identifier
        self.exited = exited
        self.folder = folder
    }

    /// Starts `sorareel emulator --port 0 --quiet ARGUMENTS` and waits, up to 20 s, for the
    /// address it prints first.
    public static func start(_ arguments: [String]) async throws -> EmulatorProcess {
        let folder = try Fixtures.temporaryDirectory()
        let output = folder.appendingPathComponent("stdout")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = SorareelBinary.url
        process.arguments = ["emulator", "--port", "0", "--quiet"] + arguments
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        let exited = Task { try await ProcessRunner.runToExit(process) }
        for _ in 0..<400 {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first, text.contains("\n") {
                return EmulatorProcess(baseURL: String(line), identifier: process.processIdentifier, exited: exited, folder: folder)
            }
            if process.processIdentifier != 0, !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.processIdentifier != 0 { kill(process.processIdentifier, SIGKILL) }
        try? await exited.value
        try? FileManager.default.removeItem(at: folder)
        throw Failure(description: "sorareel emulator did not print its address within 20 s")
    }

    /// Why it did not start.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Stops it (SIGTERM) and waits for it to exit.
    public func stop() async {
        kill(self.identifier, SIGTERM)
        try? await self.exited.value
        try? FileManager.default.removeItem(at: self.folder)
    }
}
