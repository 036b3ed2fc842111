import FFmpegKit
import Foundation

/// A grid of evenly spaced pictures from a video in one image: the shape of Sora 2's
/// `spritesheet` variant, and a quick look at a whole clip.
public struct ContactSheet: Sendable {
    public var columns: Int
    public var rows: Int
    /// Width of the whole sheet in pixels.
    public var width: Int
    public var open: MediaOpenOptions

    public init(columns: Int = 4, rows: Int = 3, width: Int = 1280, open: MediaOpenOptions = MediaOpenOptions()) {
        self.columns = columns
        self.rows = rows
        self.width = width
        self.open = open
    }

    /// Writes the sheet of `path` to `output` (JPEG, or PNG when `output` ends in `.png`).
    /// - Returns: the sheet's pixel size.
    @discardableResult
    public func write(_ path: String, to output: String) throws(MediaError) -> VideoSize {
        try self.write(path, to: output, interruption: nil)
    }

    /// Runs on NIO's blocking thread pool.
    @discardableResult
    public func write(_ path: String, to output: String) async throws -> VideoSize {
        try await BlockingWork.run(timeLimit: self.open.timeLimit) { interruption throws(MediaError) in
            try self.write(path, to: output, interruption: interruption)
        }
    }

    func write(_ path: String, to output: String, interruption: Interruption?) throws(MediaError) -> VideoSize {
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
        let bytes: [UInt8]
        do {
            let canvas = try Frame.video(width: size.width, height: size.height)
            try canvas.fillBlack()
            let scaler = Scaler(quality: true)
            let times = Thumbnailer.evenTimes(self.columns * self.rows, duration: grabber.duration)
            for (index, time) in times.enumerated() {
                guard let picture = try? grabber.frame(at: time, clampToEnd: true) else { continue }
                try scaler.scale(
                    picture.frame, into: canvas, x: (index % self.columns) * tileWidth, y: (index / self.columns) * tileHeight,
                    width: tileWidth, height: tileHeight
                )
            }
            bytes = try StillImage.encode(canvas, width: size.width, height: size.height, format: format)
        } catch {
            throw MediaError(.writeFailed, path: path, "cannot make the sheet: \(ErrorWords.ffmpeg(error))")
        }
        try StillImage.write(bytes, to: output)
        return size
    }
}
