import FFmpegKit
import Foundation
public import SoraAPI

/// A contact sheet written to disk, and what differs from what was asked, in words.
public struct ContactSheetReport: Sendable, Hashable {
    /// The sheet's pixel size.
    public var size: VideoSize
    /// Warnings without the path: a damaged file's sheet spans only its readable part, tiles left black.
    public var notes: [String]
}

/// A grid of evenly spaced pictures from a video in one image: the shape of Sora 2's
/// `spritesheet` variant, and a quick look at a whole clip.
public struct ContactSheet: Sendable {
    public var columns: Int
    public var rows: Int
    /// Width of the whole sheet in pixels.
    public var width: Int
    public var open: MediaOpenOptions
    /// Make a sheet of a damaged (cut-short) file from the pictures that can be read, with a
    /// note; otherwise such a file is an error naming the tiles that would have no picture.
    public var allowsDamaged: Bool

    public init(
        columns: Int = 4, rows: Int = 3, width: Int = 1280, open: MediaOpenOptions = MediaOpenOptions(), allowsDamaged: Bool = false
    ) {
        self.columns = columns
        self.rows = rows
        self.width = width
        self.open = open
        self.allowsDamaged = allowsDamaged
    }

    /// Writes the sheet of `path` to `output` (JPEG, or PNG when `output` ends in `.png`), on
    /// NIO's blocking thread pool.
    /// - Returns: the sheet's pixel size.
    @discardableResult
    public func write(_ path: String, to output: String) async throws(MediaError) -> VideoSize {
        try await self.make(path, to: output).size
    }

    /// Writes the sheet of `path` to `output` and says what differs from what was asked.
    /// Runs on NIO's blocking thread pool.
    public func make(_ path: String, to output: String) async throws(MediaError) -> ContactSheetReport {
        try await BlockingWork.run(timeLimit: self.open.timeLimit, path: path) { interruption throws(MediaError) in
            try self.make(path, to: output, interruption: interruption)
        }
    }

    func make(_ path: String, to output: String, interruption: Interruption?) throws(MediaError) -> ContactSheetReport {
        guard (1...20).contains(self.columns), (1...20).contains(self.rows), (64...8192).contains(self.width) else {
            throw MediaError(.invalidRequest, path: path, "a sheet needs 1-20 columns and rows and a width of 64-8192")
        }
        try FileIdentity.refuseOverwriting(output, inputs: [path])
        let grabber = try FrameGrabber(path: path, options: self.open, interruption: interruption)
        let tileWidth = Thumbnailer.even(self.width / self.columns)
        let tileHeight = StillImage.height(for: tileWidth, aspect: grabber.displayAspect)
        let size = VideoSize(width: tileWidth * self.columns, height: tileHeight * self.rows)
        let format: ImageFormat = output.lowercased().hasSuffix(".png") ? .png : .jpg
        try StillImage.checkSize(width: size.width, height: size.height, format: format, path: path)
        let tiles = self.columns * self.rows
        var notes: [String] = []
        var span = grabber.duration
        if let end = grabber.readableEnd, end < grabber.duration {
            let past = Thumbnailer.evenTimes(tiles, duration: grabber.duration).enumerated().filter { $0.element >= end }.map { $0.offset + 1 }
            let damage = FrameGrabber.cutShort(end, of: grabber.duration)
            guard self.allowsDamaged else {
                throw MediaError(
                    .damaged, path: path,
                    "\(damage): \(Self.describe(tiles: past, of: tiles)) past the readable end; --allow-damaged makes a sheet of the readable part"
                )
            }
            notes.append("\(damage): the sheet spans the readable \(formatSeconds(end))")
            span = end
        }
        let bytes: [UInt8]
        var missing: [Int] = []
        do {
            let canvas = try Frame.video(width: size.width, height: size.height)
            try canvas.fillBlack()
            let scaler = Scaler(quality: true)
            for (index, time) in Thumbnailer.evenTimes(tiles, duration: span).enumerated() {
                guard let picture = try? grabber.frame(at: time, clampToEnd: true) else {
                    missing.append(index + 1)
                    continue
                }
                try scaler.scale(
                    picture.frame, into: canvas, x: (index % self.columns) * tileWidth, y: (index / self.columns) * tileHeight,
                    width: tileWidth, height: tileHeight
                )
            }
            bytes = try StillImage.encode(canvas, width: size.width, height: size.height, format: format)
        } catch {
            throw MediaError(.writeFailed, path: path, "cannot make the sheet: \(ErrorWords.ffmpeg(error))")
        }
        if !missing.isEmpty {
            let what = "\(Self.describe(tiles: missing, of: tiles)) no picture could be decoded (damaged)"
            guard self.allowsDamaged else {
                throw MediaError(.damaged, path: path, "\(what); --allow-damaged makes the sheet with those tiles black")
            }
            notes.append("\(what): left black")
        }
        try StillImage.write(bytes, to: output)
        return ContactSheetReport(size: size, notes: notes)
    }

    /// "tile 12 of 12 is", "tiles 8-12 of 12 are", "tiles 3, 5 of 12 are".
    static func describe(tiles: [Int], of total: Int) -> String {
        guard let first = tiles.first, let last = tiles.last else { return "no tile is" }
        if tiles.count == 1 { return "tile \(first) of \(total) is" }
        let contiguous = last - first + 1 == tiles.count
        let list = contiguous ? "\(first)-\(last)" : tiles.map(String.init).joined(separator: ", ")
        return "tiles \(list) of \(total) are"
    }
}
