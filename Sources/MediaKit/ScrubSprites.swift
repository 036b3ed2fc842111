import FFmpegKit
import Foundation

/// Scrub sprites: a thumbnail every `interval` seconds, tiled into sheets of `columns` x `rows`,
/// and a WebVTT thumbnail track whose cues point into the sheets with `#xywh=` fragments (what
/// Video.js, Plyr, Vidstack, JW Player and Shaka show over the seek bar).
///
/// The thumbnail of a cue is the picture shown at the cue's start, upright (rotation and
/// mirroring of the display matrix applied); the cues cover the whole video.
public struct ScrubSprites: Sendable {
    /// Seconds between thumbnails, 0.1-3600.
    public var interval: Double
    /// Width of one thumbnail, 16-1920; the height follows the picture's shape.
    public var width: Int
    /// Thumbnails across a sheet, 1-50.
    public var columns: Int
    /// Thumbnails down a full sheet, 1-50; the last sheet has only the rows it needs.
    public var rows: Int
    /// `jpg`, `webp` or `png`.
    public var format: ImageFormat
    public var open: MediaOpenOptions

    /// At most this many thumbnails for one video (a 10-hour video at 10 s is 3,600).
    public static let maxThumbnails = 10_000

    public init(
        interval: Double = 2, width: Int = 160, columns: Int = 10, rows: Int? = nil, format: ImageFormat = .jpg,
        open: MediaOpenOptions = MediaOpenOptions(timeLimit: .seconds(600))
    ) {
        self.interval = interval
        self.width = width
        self.columns = columns
        self.rows = rows ?? columns
        self.format = format
        self.open = open
    }

    /// Writes `STEM.sprites-N.jpg` and `STEM.sprites.vtt` for `path` into `folder`, on NIO's
    /// blocking thread pool. The sheets are written first, each under a temporary name and then
    /// renamed; the VTT file last, the same way, so a VTT file on disk always has its images.
    /// - Parameters:
    ///   - stem: the start of the file names; default: the video's file name without extension.
    ///   - inputs: files that must not be overwritten (the inputs of the whole call); `path` always is one.
    /// - Throws: ``MediaError``: `.invalidRequest` for values out of range or too many
    ///   thumbnails, the probe's errors for a file that is not a video.
    public func make(
        _ path: String, into folder: String, stem: String? = nil, keeping inputs: [String] = []
    ) async throws(MediaError)
        -> ScrubSpritesReport
    {
        try await BlockingWork.run(timeLimit: self.open.timeLimit, path: path) { interruption throws(MediaError) in
            try self.make(path, into: folder, stem: stem, keeping: inputs, interruption: interruption)
        }
    }

    func make(
        _ path: String, into folder: String, stem: String?, keeping inputs: [String], interruption: Interruption?
    )
        throws(MediaError) -> ScrubSpritesReport
    {
        guard (0.1...3600).contains(self.interval), (16...1920).contains(self.width), (1...50).contains(self.columns),
            (1...50).contains(self.rows)
        else {
            throw MediaError(.invalidRequest, path: path, "sprites need an interval of 0.1-3600 s, a width of 16-1920 and 1-50 columns and rows")
        }
        let grabber = try FrameGrabber(path: path, options: self.open, interruption: interruption)
        var notes: [String] = []
        var span = grabber.duration
        if let end = grabber.readableEnd, end < grabber.duration {
            notes.append("\(FrameGrabber.cutShort(end, of: grabber.duration)): the sprites span the readable \(formatSeconds(end))")
            span = end
        }
        span = max(span, 0.001)
        let count = Int((span / self.interval - 1e-9).rounded(.up))
        guard count <= Self.maxThumbnails else {
            throw MediaError(
                .invalidRequest, path: path,
                "\(count) thumbnails at one every \(formatSeconds(self.interval)) over \(formatSeconds(span)): at most \(Self.maxThumbnails); choose a longer --interval"
            )
        }
        let tileWidth = Thumbnailer.even(self.width)
        let tileHeight = StillImage.height(for: tileWidth, aspect: grabber.displayAspect)
        let perSheet = self.columns * self.rows
        try StillImage.checkSize(width: tileWidth * self.columns, height: tileHeight * self.rows, format: self.format, path: path)
        let stem = stem ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let vttName = "\(stem).sprites.vtt"
        let vttPath = URL(fileURLWithPath: folder).appendingPathComponent(vttName).path
        let sheetCount = (count + perSheet - 1) / perSheet
        let names = (0..<sheetCount).map { "\(stem).sprites-\($0).\(self.format.rawValue)" }
        for name in [vttName] + names {
            try FileIdentity.refuseOverwriting(URL(fileURLWithPath: folder).appendingPathComponent(name).path, inputs: [path] + inputs)
        }
        try AtomicFile.checkDestination(vttPath)

        var sheets: [SpriteSheet] = []
        var cues: [SpriteCue] = []
        let scaler = Scaler(quality: true)
        for sheetIndex in 0..<sheetCount {
            let first = sheetIndex * perSheet
            let tiles = min(perSheet, count - first)
            let across = min(tiles, self.columns)
            let down = (tiles + self.columns - 1) / self.columns
            let size = (width: tileWidth * across, height: tileHeight * down)
            let canvas: Frame
            do {
                canvas = try Frame.video(width: size.width, height: size.height)
                try canvas.fillBlack()
            } catch {
                throw MediaError(.writeFailed, path: path, "cannot make the sprites: \(ErrorWords.ffmpeg(error))")
            }
            for tile in 0..<tiles {
                let number = first + tile
                let start = Double(number) * self.interval
                let picture = try grabber.frame(at: min(start, span), clampToEnd: true)
                let x = (tile % self.columns) * tileWidth
                let y = (tile / self.columns) * tileHeight
                do {
                    try scaler.scale(picture.frame, into: canvas, x: x, y: y, width: tileWidth, height: tileHeight)
                } catch {
                    throw MediaError(.writeFailed, path: path, "cannot make the sprites: \(ErrorWords.ffmpeg(error))")
                }
                cues.append(
                    SpriteCue(
                        start: start, end: min(Double(number + 1) * self.interval, span), sheet: names[sheetIndex], x: x, y: y,
                        width: tileWidth, height: tileHeight
                    )
                )
            }
            let bytes: [UInt8]
            do {
                bytes = try StillImage.encode(canvas, width: size.width, height: size.height, format: self.format)
            } catch {
                throw MediaError(.writeFailed, path: path, "cannot encode the sprites: \(ErrorWords.ffmpeg(error))")
            }
            let sheetPath = URL(fileURLWithPath: folder).appendingPathComponent(names[sheetIndex]).path
            try StillImage.write(bytes, to: sheetPath)
            sheets.append(SpriteSheet(path: sheetPath, width: size.width, height: size.height, thumbnails: tiles))
        }
        try StillImage.write(Array(SpriteCue.webVTT(cues).utf8), to: vttPath)
        return ScrubSpritesReport(
            sheets: sheets, vtt: vttPath, cues: cues, thumbnailWidth: tileWidth, thumbnailHeight: tileHeight, duration: span, notes: notes
        )
    }
}
