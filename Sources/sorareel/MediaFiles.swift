import Foundation

/// The files a `validate` call checks: files named on the command line as they are, and the
/// media files inside folders named there (with `--recursive`, inside their subfolders too),
/// sorted by path. Everything else in a folder is skipped with a note.
struct MediaFiles {
    /// Extensions of the containers validation opens (the mov/mp4 family and the single-file
    /// containers an option may allow).
    static let extensions: Set<String> = ["mp4", "m4v", "mov", "m4a", "3gp", "3g2", "mj2", "mkv", "webm"]

    /// Files to check, in order.
    var files: [String] = []
    /// One line per skipped file or folder: `DIR/notes.txt: skipped (not a media file)`.
    var skipped: [String] = []
    /// Paths that do not exist or cannot be read, with the reason: exit code 2.
    var unreadable: [String] = []
    /// Folders already walked, resolved, so a symbolic link back up the tree ends the walk.
    private var visited: Set<String> = []

    init(_ paths: [String], recursive: Bool) {
        let manager = FileManager.default
        for path in paths {
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
                self.unreadable.append("\(path): no such file or folder")
                self.files.append(path)  // reported as unreadable too, so JSON and JUnit list it
                continue
            }
            guard isFolder.boolValue else {
                if !manager.isReadableFile(atPath: path) {
                    self.unreadable.append("\(path): permission denied")
                }
                self.files.append(path)
                continue
            }
            let before = self.files.count
            self.walk(path, recursive: recursive)
            if self.files.count == before {
                self.unreadable.append("\(path): no media files in this folder\(recursive ? "" : " (subfolders need --recursive)")")
            }
        }
    }

    private mutating func walk(_ folder: String, recursive: Bool) {
        let manager = FileManager.default
        guard self.visited.insert(URL(fileURLWithPath: folder).resolvingSymlinksInPath().path).inserted else { return }
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else {
            self.unreadable.append("\(folder): cannot list this folder")
            return
        }
        var found: [String] = []
        var folders: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                if recursive {
                    folders.append(path)
                } else {
                    self.skipped.append("\(path): folder skipped (use --recursive)")
                }
            } else if Self.extensions.contains((name as NSString).pathExtension.lowercased()) {
                found.append(path)
            } else {
                self.skipped.append("\(path): skipped (not a media file)")
            }
        }
        self.files += found
        for subfolder in folders {
            self.walk(subfolder, recursive: true)
        }
    }
}
