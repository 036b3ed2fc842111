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

    public init(
        mode: ThumbnailMode = .at(0), keyframesOnly: Bool = false, width: Int? = nil, format: ImageFormat = .jpg,
        open: MediaOpenOptions = MediaOpenOptions()
    ) {
        self.mode = mode
        self.keyframesOnly = keyframesOnly
        self.width = width
        self.format = format
        self.open = open
    }

    /// Writes the stills of `path` into `folder` as `STEM_tSSS.mmm.jpg`.
    public func thumbnails(of path: String, into folder: String) throws(MediaError) -> [Thumbnail] {
        try self.thumbnails(of: path, into: folder, interruption: nil)
    }

    /// Runs on NIO's blocking thread pool.
    public func thumbnails(of path: String, into folder: String) async throws -> [Thumbnail] {
        try await BlockingWork.run(timeLimit: self.open.timeLimit) { interruption throws(MediaError) in
            try self.thumbnails(of: path, into: folder, interruption: interruption)
        }
    }

    func thumbnails(of path: String, into folder: String, interruption: Interruption?) throws(MediaError) -> [Thumbnail] {
        let grabber = try FrameGrabber(path: path, options: self.open, interruption: interruption)
        let pictures: [(frame: Frame, time: Double)]
        switch self.mode {
        case .at(let time):
            pictures = [try grabber.frame(at: time, accurate: !self.keyframesOnly)]
        case .count(let count):
            guard count >= 1, count <= 1000 else {
                throw MediaError(.invalidRequest, path: path, "--count must be 1-1000")
            }
            pictures = try Self.evenTimes(count, duration: grabber.duration).map { time throws(MediaError) in
                try grabber.frame(at: time, accurate: !self.keyframesOnly, clampToEnd: true)
            }
        case .best:
            pictures = [try Self.best(grabber)]
        }
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var result: [Thumbnail] = []
        for picture in pictures {
            let width = Self.even(self.width ?? picture.frame.width)
            let height = StillImage.height(for: width, aspect: grabber.displayAspect)
            let bytes: [UInt8]
            do {
                bytes = try StillImage.encode(picture.frame, width: width, height: height, format: self.format)
            } catch {
                throw MediaError(.writeFailed, path: path, "cannot encode the still: \(error.message)")
            }
            let name = "\(stem)_t\(String(format: "%07.3f", picture.time)).\(self.format.rawValue)"
            let output = URL(fileURLWithPath: folder).appendingPathComponent(name).path
            try StillImage.write(bytes, to: output)
            result.append(Thumbnail(path: output, time: picture.time, width: width, height: height))
        }
        return result
    }

    /// `count` times at the middles of equal slices of the video.
    static func evenTimes(_ count: Int, duration: Double) -> [Double] {
        let span = max(duration, 0.001)
        return (0..<count).map { (Double($0) + 0.5) * span / Double(count) }
    }

    /// Of ten candidates, the sharpest picture that is neither black nor flat; the first
    /// candidate when every one is (a black clip has no better picture).
    static func best(_ grabber: FrameGrabber) throws(MediaError) -> (frame: Frame, time: Double) {
        var best: (picture: (frame: Frame, time: Double), score: Double)? = nil
        var first: (frame: Frame, time: Double)? = nil
        for time in Self.evenTimes(10, duration: grabber.duration) {
            guard let picture = try? grabber.frame(at: time, clampToEnd: true) else { continue }
            if first == nil { first = picture }
            guard let grid = picture.frame.lumaGrid(columns: 64, rows: 36) else { continue }
            let score = Self.interest(grid, columns: 64)
            if score > 0, score > best?.score ?? 0 { best = (picture, score) }
        }
        if let best { return best.picture }
        if let first { return first }
        return try grabber.frame(at: 0, accurate: true)
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
