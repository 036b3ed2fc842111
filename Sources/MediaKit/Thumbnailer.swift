import FFmpegKit
import Foundation

/// Which pictures to take.
public enum ThumbnailMode: Sendable, Hashable {
    /// The picture at a time, in seconds.
    case at(Double)
    /// `n` pictures evenly spaced through the video.
    case count(Int)
    /// A representative picture: not black, not flat, the sharpest of a few candidates.
    case best
}

/// A still written to disk.
public struct Thumbnail: Sendable, Hashable, Codable {
    public var path: String
    /// Seconds into the video of the picture taken.
    public var time: Double
    public var width: Int
    public var height: Int
}

/// The stills taken from one video, and what differs from what was asked, in words.
public struct ThumbnailReport: Sendable, Hashable, Codable {
    public var stills: [Thumbnail]
    /// Warnings without the path: fewer distinct pictures than asked, a black or flat best still.
    public var notes: [String]
}

/// Takes stills from videos: accurate or keyframe-fast, upright, scaled with the aspect kept,
/// encoded as JPEG or PNG, named after the source and the time.
public struct Thumbnailer: Sendable {
    public var mode: ThumbnailMode
    /// Take the nearest keyframe at or before each time (fast) instead of the exact picture.
    public var keyframesOnly: Bool
    /// Width of the stills; the height follows the picture's shape. Default: the picture's own width.
    public var width: Int?
    public var format: ImageFormat
    public var open: MediaOpenOptions
    /// Decoder threads for one file: 0 lets FFmpeg choose from the core count (frame threads:
    /// fastest for one file at a time); 1 when a caller decodes several files at once, one per
    /// core (``concurrentFiles``), which wastes nothing on threads waiting for each other.
    public var decoderThreads: Int

    public init(
        mode: ThumbnailMode = .at(0), keyframesOnly: Bool = false, width: Int? = nil, format: ImageFormat = .jpg,
        open: MediaOpenOptions = MediaOpenOptions(), decoderThreads: Int = 0
    ) {
        self.mode = mode
        self.keyframesOnly = keyframesOnly
        self.width = width
        self.format = format
        self.open = open
        self.decoderThreads = decoderThreads
    }

    /// How many files to take stills from at once: one per core, each with a single-threaded
    /// decoder (``decoderThreads`` 1); at least 1.
    public static var concurrentFiles: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Writes the stills of `path` into `folder` as `STEM_tSSS.mmm.jpg`, on NIO's blocking thread pool.
    public func thumbnails(of path: String, into folder: String) async throws(MediaError) -> [Thumbnail] {
        try await self.stills(of: path, into: folder).stills
    }

    /// Writes the stills of `path` into `folder` as `STEM_tSSS.mmm.jpg`, each a distinct picture,
    /// and says what differs from what was asked (fewer pictures than `--count`, a black best still).
    ///
    /// Runs on NIO's blocking thread pool.
    /// - Parameters:
    ///   - stem: the start of the file names; default: the video's file name without extension.
    ///   - inputs: files that must not be overwritten (the inputs of the whole call); `path` always is one.
    public func stills(
        of path: String, into folder: String, stem: String? = nil, keeping inputs: [String] = []
    ) async throws(MediaError)
        -> ThumbnailReport
    {
        try await BlockingWork.run(timeLimit: self.open.timeLimit, path: path) { interruption throws(MediaError) in
            try self.stills(of: path, into: folder, stem: stem, keeping: inputs, interruption: interruption)
        }
    }

    func stills(
        of path: String, into folder: String, stem: String?, keeping inputs: [String], interruption: Interruption?
    )
        throws(MediaError) -> ThumbnailReport
    {
        let grabber = try FrameGrabber(path: path, options: self.open, interruption: interruption, threads: self.decoderThreads)
        var pictures: [(frame: Frame, time: Double)]
        var notes: [String] = []
        switch self.mode {
        case .at(let time):
            pictures = [try grabber.frame(at: time, accurate: !self.keyframesOnly)]
        case .count(let count):
            guard count >= 1, count <= 1000 else {
                throw MediaError(.invalidRequest, path: path, "--count must be 1-1000")
            }
            pictures = []
            var seen: Set<Int64> = []
            for time in self.countTimes(count, grabber) {
                let picture = try grabber.frame(at: time, accurate: !self.keyframesOnly, clampToEnd: true)
                // Two times can fall on one picture (more stills than pictures, or keyframes only).
                if seen.insert(Self.millisecond(picture.time)).inserted { pictures.append(picture) }
            }
            if pictures.count < count {
                let kind = (self.keyframesOnly ? "keyframe" : "picture") + (pictures.count == 1 ? "" : "s")
                notes.append("only \(pictures.count) distinct \(kind) (asked for \(count)): wrote \(pictures.count)")
            }
        case .best:
            let best = try Self.best(grabber)
            pictures = [best.picture]
            if !best.interesting {
                notes.append("every picture looked at is black or flat: the still at \(formatSeconds(best.picture.time)) is too")
            }
        }
        let stem = stem ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var result: [Thumbnail] = []
        for picture in pictures {
            let width = Self.even(self.width ?? picture.frame.width)
            let height = StillImage.height(for: width, aspect: grabber.displayAspect)
            try StillImage.checkSize(width: width, height: height, format: self.format, path: path)
            let bytes: [UInt8]
            do {
                bytes = try StillImage.encode(picture.frame, width: width, height: height, format: self.format)
            } catch {
                throw MediaError(.writeFailed, path: path, "cannot encode the still: \(ErrorWords.ffmpeg(error))")
            }
            let name = "\(stem)_t\(String(format: "%07.3f", picture.time)).\(self.format.rawValue)"
            let output = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            try FileIdentity.refuseOverwriting(output, inputs: [path] + inputs)
            try StillImage.write(bytes, to: output)
            result.append(Thumbnail(path: output, time: picture.time, width: width, height: height))
        }
        return ThumbnailReport(stills: result, notes: notes)
    }

    /// The times of `count` evenly spaced stills: the first picture at or after the middle of
    /// each equal slice of the video. Accurate stills are placed on picture starts, and the
    /// last ones move back a picture where needed, so that every still is a different picture
    /// while the video has at least as many pictures as stills asked for.
    private func countTimes(_ count: Int, _ grabber: FrameGrabber) -> [Double] {
        let middles = Self.evenTimes(count, duration: grabber.duration)
        guard !self.keyframesOnly, let rate = grabber.stream.averageFrameRate.doubleValue, rate > 0, rate.isFinite else {
            return middles
        }
        let frames = max(1, Int((grabber.duration * rate).rounded()))
        var indices: [Int] = []
        for (slice, middle) in middles.enumerated() {
            let index = max(0, min(Int((middle * rate - 1e-6).rounded(.up)), frames - count + slice))
            if indices.last != index { indices.append(index) }
        }
        return indices.map { Double($0) / rate }
    }

    /// A time rounded to the millisecond, as in the stills' names.
    static func millisecond(_ time: Double) -> Int64 {
        Int64((time * 1000).rounded())
    }

    /// `count` times at the middles of equal slices of the video.
    static func evenTimes(_ count: Int, duration: Double) -> [Double] {
        let span = max(duration, 0.001)
        return (0..<count).map { (Double($0) + 0.5) * span / Double(count) }
    }

    /// Of ten candidates, the sharpest picture that is neither black nor flat; the first
    /// candidate when every one is (a black clip has no better picture).
    static func best(_ grabber: FrameGrabber) throws(MediaError) -> (picture: (frame: Frame, time: Double), interesting: Bool) {
        var best: (picture: (frame: Frame, time: Double), score: Double)? = nil
        var first: (frame: Frame, time: Double)? = nil
        for time in Self.evenTimes(10, duration: grabber.duration) {
            guard let picture = try? grabber.frame(at: time, clampToEnd: true) else { continue }
            if first == nil { first = picture }
            guard let grid = picture.frame.lumaGrid(columns: 64, rows: 36) else { continue }
            let score = Self.interest(grid, columns: 64)
            if score > 0, score > best?.score ?? 0 { best = (picture, score) }
        }
        if let best { return (best.picture, true) }
        if let first { return (first, false) }
        return (try grabber.frame(at: 0, accurate: true), false)
    }

    /// 0 for black or flat pictures, else contrast times edge strength: favours pictures
    /// with detail over blurred or empty ones.
    static func interest(_ grid: [UInt8], columns: Int) -> Double {
        let values = grid.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
        guard mean > 24, deviation > 6 else { return 0 }
        var edges = 0.0
        for index in values.indices where index % columns != columns - 1 && index + columns < values.count {
            edges += abs(values[index] - values[index + 1]) + abs(values[index] - values[index + columns])
        }
        return deviation * edges / Double(values.count)
    }

    static func even(_ value: Int) -> Int { max(2, value / 2 * 2) }
}
