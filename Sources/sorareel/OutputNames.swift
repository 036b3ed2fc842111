import Foundation
import MediaKit

/// Hands out the names of one call's outputs so that no two collide and none is an input:
/// `x.sheet.jpg`, then `x-2.sheet.jpg` for a second video named `x`.
struct OutputNames {
    /// The call's inputs, which are never overwritten.
    let inputs: [String]
    private var taken: Set<String> = []

    init(inputs: [String]) {
        self.inputs = inputs
    }

    /// A stem for `path`'s outputs in `folder` that no earlier input of this call used:
    /// the file name without its extension, with `-2`, `-3`... added when needed.
    mutating func stem(for path: String, in folder: String) -> String {
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var stem = base
        var number = 1
        while !self.taken.insert(Self.key(folder, stem)).inserted {
            number += 1
            stem = "\(base)-\(number)"
        }
        return stem
    }

    /// Refuses `path` when it names one of the inputs.
    func check(_ path: String) throws(MediaError) {
        try FileIdentity.refuseOverwriting(path, inputs: self.inputs)
    }

    private static func key(_ folder: String, _ stem: String) -> String {
        URL(fileURLWithPath: folder).standardizedFileURL.path + "\u{0}" + stem
    }
}

/// Makes `path` a folder for outputs, or says in one line why it cannot be one.
func makeOutputFolder(_ path: String) throws(MediaError) {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
        guard isFolder.boolValue else {
            throw MediaError(.writeFailed, path: path, "is a file, not a folder: --output names the folder for the images")
        }
        return
    }
    do {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
        throw MediaError(.writeFailed, path: path, "cannot create the folder: \(fileErrorReason(error))")
    }
}

/// A Foundation file error in plain words ("permission denied"), never its domain and code.
func fileErrorReason(_ error: any Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code))).lowercased()
    }
    switch nsError.code {
    case NSFileWriteFileExistsError: return "a file of that name is in the way"
    case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
    case NSFileWriteOutOfSpaceError: return "no space left on the device"
    case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "a folder in the path does not exist"
    default: return "the file system refused (code \(nsError.code))"
    }
}
