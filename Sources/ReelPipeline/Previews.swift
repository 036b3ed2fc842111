import Foundation
import MediaKit

/// The previews of a clip for the report: its most representative still and a contact sheet,
/// as paths relative to the output folder.
enum Previews {
    static func make(clip: String, folder: String, stem: String, output: String) async throws -> (thumbnail: String, sheet: String) {
        let still = try await Thumbnailer(mode: .best, width: 480).thumbnails(of: clip, into: folder)
        guard let thumbnail = still.first else { throw ShotFailure(.failed, "no thumbnail") }
        let sheetPath = URL(fileURLWithPath: folder).appendingPathComponent("\(stem).sheet.jpg").path
        try await ContactSheet(columns: 4, rows: 3, width: 960).write(clip, to: sheetPath)
        return (Self.relative(thumbnail.path, to: output), Self.relative(sheetPath, to: output))
    }

    static func relative(_ path: String, to folder: String) -> String {
        let base = URL(fileURLWithPath: folder).standardizedFileURL.path + "/"
        let full = URL(fileURLWithPath: path).standardizedFileURL.path
        return full.hasPrefix(base) ? String(full.dropFirst(base.count)) : full
    }
}
