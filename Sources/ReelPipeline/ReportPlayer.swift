import Foundation
import MediaKit

/// The report's reel player: the reel with its WebVTT thumbnail track (scrub sprites
/// over a seek bar) and chapters track, and the chapter list as seek links. Everything is in the
/// output folder; the page fetches nothing from elsewhere.
///
/// The thumbnail cues are also embedded in the page, so the scrub previews work when the page
/// is opened from disk (`file://`), where Chromium refuses to load `<track>` files.
enum ReportPlayer {
    /// The chapters track written beside `report.html`.
    static let chaptersFile = "reel.chapters.vtt"

    /// The template's `player` view of a reel, and the chapters track written into `folder`;
    /// `nil` without a reel to play.
    static func context(_ reel: Manifest.ReelEntry?, folder: String?) -> [String: Any]? {
        guard let reel, reel.error == nil else { return nil }
        var player: [String: Any] = [
            "file": reel.file,
            "duration": reel.probe?.duration.map { String(format: "%.3f", $0) } ?? "0",
            "chapters": reel.chapters.map { chapter in
                [
                    "title": chapter.title ?? "", "seek": String(format: "%.3f", chapter.start),
                    "label": SpriteTime.clock(chapter.start),
                ] as [String: Any]
            },
            "has_chapters": !reel.chapters.isEmpty,
            "sprites": reel.sprites ?? "", "has_sprites": reel.sprites != nil,
            "cues_json": "[]",
        ]
        if let folder {
            if !reel.chapters.isEmpty, Self.writeChapters(reel.chapters, to: folder) {
                player["chapters_track"] = Self.chaptersFile
                player["has_chapters_track"] = true
            }
            if let sprites = reel.sprites {
                player["cues_json"] = Self.cuesJSON(vtt: sprites, folder: folder)
            }
        }
        return player
    }

    /// Writes `reel.chapters.vtt`: one cue per chapter, its title as the text.
    private static func writeChapters(_ chapters: [ChapterInfo], to folder: String) -> Bool {
        var text = "WEBVTT\n"
        for (index, chapter) in chapters.enumerated() {
            let title = (chapter.title ?? "Chapter \(index + 1)").replacingOccurrences(of: "-->", with: "→").replacingOccurrences(of: "\n", with: " ")
            text += "\n\(index + 1)\n\(SpriteTime.vtt(chapter.start)) --> \(SpriteTime.vtt(chapter.end))\n\(title)\n"
        }
        let path = URL(fileURLWithPath: folder).appendingPathComponent(Self.chaptersFile)
        return (try? Data(text.utf8).write(to: path, options: .atomic)) != nil
    }

    /// The cues of the VTT file at `vtt` (relative to `folder`) as JSON for the page's script:
    /// `[{"start": 0, "end": 1, "src": "reel.sprites-0.jpg#xywh=0,0,160,90"}]`, image paths made
    /// relative to the page. `/` is escaped, so the JSON cannot close its `<script>` element.
    static func cuesJSON(vtt: String, folder: String) -> String {
        let url = URL(fileURLWithPath: folder).appendingPathComponent(vtt)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return "[]" }
        let base = (vtt as NSString).deletingLastPathComponent
        var cues: [[String: Any]] = []
        let lines = text.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() where line.contains(" --> ") && index + 1 < lines.count {
            let times = line.components(separatedBy: " --> ").map(SpriteTime.seconds)
            guard times.count == 2, let start = times[0], let end = times[1] else { continue }
            let target = lines[index + 1]
            cues.append(["start": start, "end": end, "src": base.isEmpty ? target : base + "/" + target])
        }
        guard let data = try? JSONSerialization.data(withJSONObject: cues) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Times as WebVTT writes them and people read them.
enum SpriteTime {
    /// `00:01:02.500`.
    static func vtt(_ seconds: Double) -> String {
        let milliseconds = Int64((max(0, seconds) * 1000).rounded())
        return String(
            format: "%02lld:%02lld:%02lld.%03lld", milliseconds / 3_600_000, milliseconds / 60_000 % 60, milliseconds / 1000 % 60, milliseconds % 1000)
    }

    /// `1:02`.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(max(0, seconds).rounded(.down))
        return String(format: "%d:%02d", whole / 60, whole % 60)
    }

    /// Seconds from `HH:MM:SS.mmm` or `MM:SS.mmm`.
    static func seconds(_ stamp: String) -> Double? {
        let parts = stamp.trimmingCharacters(in: .whitespaces).split(separator: ":").map { Double($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.reduce(0.0) { $0 * 60 + ($1 ?? 0) }
    }
}
