import Foundation
import MediaKit

/// Writes fuzz input to a private temporary file, since MediaKit opens files by path.
public enum FuzzFile {
    public static let folder: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sorareel-fuzz-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Runs `body` with `bytes` in a file named `name`, removed afterwards.
    public static func with<T>(_ bytes: UnsafeRawBufferPointer, name: String = "input.mp4", _ body: (String) -> T) -> T {
        let path = (Self.folder as NSString).appendingPathComponent(name)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return body(path)
    }

    /// Limits that keep one input's work bounded.
    public static let options = MediaOpenOptions(timeLimit: .seconds(5))
}
