import Foundation
import MediaKit

/// The frame a continuing shot starts from: taken from the chosen clip of the shot it continues
/// from (its last frame, or the one at a time), as a lossless PNG beside the shot's clips, so
/// the report can show it and the same picture is sent whenever the job is created.
enum StartFrame {
    /// The file name in the shot's folder.
    static let fileName = "start-frame.png"

    /// Writes the frame of `clip` at `frame` to `path`, replacing what was there only once the
    /// new picture is complete.
    static func take(from clip: String, at frame: Continuation.Frame, to path: String) async throws(MediaError) {
        let time: Double
        switch frame {
        case .seconds(let seconds):
            time = seconds
        case .last:
            // A time at the end finds the last picture shown.
            let info = try await MediaProbe().probe(clip)
            time = info.video?.duration ?? info.format.duration ?? 0
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let scratch = URL(fileURLWithPath: folder).appendingPathComponent(".start-frame-\(UUID().uuidString)").path
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        } catch {
            throw MediaError(.writeFailed, path: scratch, "cannot make a folder for the start frame")
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let stills = try await Thumbnailer(mode: .at(time), format: .png).thumbnails(of: clip, into: scratch)
        guard let still = stills.first, rename(still.path, path) == 0 else {
            throw MediaError(.writeFailed, path: path, "cannot write the start frame: \(String(cString: strerror(errno)))")
        }
    }
}
