import Foundation

/// One image of a scrub-sprite set: a grid of thumbnails, row by row.
public struct SpriteSheet: Sendable, Hashable, Codable {
    /// Where the image was written.
    public var path: String
    /// The image's pixel size.
    public var width: Int
    public var height: Int
    /// How many thumbnails it holds (the last sheet may hold fewer than its grid).
    public var thumbnails: Int
}

/// One cue of the WebVTT thumbnail track: from `start` to `end` seconds, show the rectangle
/// (`x`, `y`, `width`, `height`) of the sheet `sheet` (a file name beside the VTT file).
public struct SpriteCue: Sendable, Hashable, Codable {
    public var start: Double
    public var end: Double
    public var sheet: String
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    /// `00:00:02.000 --> 00:00:04.000` and `NAME#xywh=160,0,160,90`, as Video.js, Plyr,
    /// Vidstack, JW Player and Shaka read them. The sheet's name is percent-encoded where a
    /// URL would misread it (spaces, `#`, `%`, `?`).
    public var text: String {
        let name = self.sheet.addingPercentEncoding(withAllowedCharacters: SpriteCue.allowed) ?? self.sheet
        return "\(SpriteCue.timestamp(self.start)) --> \(SpriteCue.timestamp(self.end))\n\(name)#xywh=\(self.x),\(self.y),\(self.width),\(self.height)"
    }

    /// `HH:MM:SS.mmm`, WebVTT's timestamp.
    public static func timestamp(_ seconds: Double) -> String {
        let milliseconds = Int64((max(0, seconds) * 1000).rounded())
        let hours = milliseconds / 3_600_000
        let minutes = milliseconds / 60_000 % 60
        let secs = milliseconds / 1000 % 60
        return String(format: "%02lld:%02lld:%02lld.%03lld", hours, minutes, secs, milliseconds % 1000)
    }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "#?%;")
        return set
    }()

    /// A WebVTT file of `cues`.
    public static func webVTT(_ cues: [SpriteCue]) -> String {
        "WEBVTT\n\n" + cues.enumerated().map { "\($0.offset + 1)\n\($0.element.text)\n" }.joined(separator: "\n")
    }
}

/// A video's scrub sprites: the sheets, the WebVTT thumbnail track pointing into them, and what
/// differs from what was asked, in words.
public struct ScrubSpritesReport: Sendable, Hashable, Codable {
    public var sheets: [SpriteSheet]
    /// The WebVTT file written.
    public var vtt: String
    public var cues: [SpriteCue]
    /// One thumbnail's pixel size.
    public var thumbnailWidth: Int
    public var thumbnailHeight: Int
    /// Seconds the cues span: the video's duration (or its readable part).
    public var duration: Double
    public var notes: [String]

    enum CodingKeys: String, CodingKey {
        case sheets, vtt, cues, duration, notes
        case thumbnailWidth = "thumbnail_width"
        case thumbnailHeight = "thumbnail_height"
    }
}
