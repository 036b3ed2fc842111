import Foundation

/// A reel's captions: one cue per captioned input, timed to its chapter, written into the reel
/// as a `mov_text` track by ``ReelFinisher`` and beside it as WebVTT.
struct ReelCaptions {
    struct Cue: Hashable {
        var start: Double
        var end: Double
        var text: String
    }

    let cues: [Cue]

    /// The cues of `inputs` whose caption has text, each over its clip's span in `chapters`
    /// (one per input, in order).
    init(inputs: [ReelInput], chapters: [ChapterInfo]) {
        self.cues = zip(inputs, chapters).compactMap { input, chapter in
            guard let text = input.caption?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty, chapter.end > chapter.start else {
                return nil
            }
            return Cue(start: chapter.start, end: chapter.end, text: text)
        }
    }

    /// Whether any input has a caption with text.
    static func any(_ inputs: [ReelInput]) -> Bool {
        inputs.contains { !($0.caption?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true) }
    }

    /// The WebVTT file beside a reel: its path with the extension replaced by `.vtt`.
    static func path(forReel path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return path + ".vtt" }
        return url.deletingLastPathComponent().appendingPathComponent(String(name[..<dot]) + ".vtt").path
    }

    /// The cues as a WebVTT document: `&`, `<` and `>` escaped, blank lines (which would end a
    /// cue) dropped.
    var webVTT: String {
        var text = "WEBVTT\n"
        for (number, cue) in zip(1..., self.cues) {
            let lines = cue.text.components(separatedBy: .newlines).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            let escaped = lines.map {
                $0.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            }
            text += "\n\(number)\n\(Self.timestamp(cue.start)) --> \(Self.timestamp(cue.end))\n\(escaped.joined(separator: "\n"))\n"
        }
        return text
    }

    /// Writes ``webVTT`` to `path` under a temporary name, renamed into place when complete.
    func writeWebVTT(to path: String) throws(MediaError) {
        try AtomicFile.write(to: path) { temporary throws(MediaError) in
            guard FileManager.default.createFile(atPath: temporary, contents: Data(self.webVTT.utf8)) else {
                throw MediaError(.writeFailed, path: path, "cannot write the captions: \(ErrorWords.errno(errno))")
            }
        }
    }

    /// `hh:mm:ss.ttt`, as WebVTT writes times.
    static func timestamp(_ seconds: Double) -> String {
        let millis = Int64((max(0, seconds) * 1000).rounded())
        let (hours, minutes, secs, ms) = (millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millis % 1000)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(hours, 2)):\(pad(minutes, 2)):\(pad(secs, 2)).\(pad(ms, 3))"
    }
}
