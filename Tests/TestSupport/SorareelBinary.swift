public import Foundation

/// The `sorareel` binary SwiftPM builds beside the test bundle, run as a user runs it.
public enum SorareelBinary {
    public static let url: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("sorareel").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("sorareel")
    }()

    /// A process that runs `sorareel` with `arguments`, its output discarded (for runs that are
    /// killed, or whose effect is checked elsewhere).
    public static func process(_ arguments: [String], environment: [String: String]) -> Process {
        let process = Process()
        process.executableURL = Self.url
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }
}
