import Foundation

/// Writes `manifest.json` atomically (a temporary file renamed into place).
enum ManifestWriter {
    static func write(_ manifest: Manifest, to folder: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let url = URL(fileURLWithPath: folder).appendingPathComponent("manifest.json")
        do {
            try encoder.encode(manifest).write(to: url, options: .atomic)
        } catch {
            throw PipelineError(.io, "cannot write \(url.path): \(error.localizedDescription)")
        }
    }
}
