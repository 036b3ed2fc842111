import FFmpegKit
import Foundation

/// The format of an animated preview.
public enum AnimationFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Animated WebP through libavcodec's `libwebp_anim` encoder: small, full colour.
    case webp
    /// GIF through libavcodec's `gif` encoder, with a palette made for the loop by
    /// libavfilter's `palettegen` and applied with `paletteuse` (dithered), as ffmpeg users do.
    case gif
}

/// An animated preview written to disk.
public struct AnimatedPreviewReport: Sendable, Hashable, Codable {
    public var path: String
    public var format: AnimationFormat
    /// Seconds into the video where the loop starts.
    public var start: Double
    /// Seconds the loop lasts.
    public var seconds: Double
    /// Pictures in the loop.
    public var frames: Int
    public var width: Int
    public var height: Int
    /// Warnings without the path: a loop shorter than asked (the video ends), a black or flat stretch.
    public var notes: [String]
}

/// A short looping preview of a video: the most representative stretch (around the still that
/// ``ThumbnailMode/best`` picks: not black, not flat, the sharpest) or one starting at a given
/// time, as animated WebP or GIF, upright, scaled with the aspect kept.
public struct AnimatedPreview: Sendable {
    /// Seconds of video in the loop, 0.2-60.
    public var seconds: Double
    /// Width in pixels, 16-1920; the height follows the picture's shape.
    public var width: Int
    public var format: AnimationFormat
    /// Where the loop starts, in seconds; `nil` for the most representative stretch.
    public var start: Double?
    /// Pictures per second of the loop, 1-30.
    public var frameRate: Int
    public var open: MediaOpenOptions

    /// At most this many pixels in all the pictures of one preview (about 300 MB of yuv420p):
    /// 20 s of 640x360 at 30 fps fit, 10 s of 1920x1080 at 10 fps do not.
    public static let maxPixels = 200_000_000

    public init(
        seconds: Double = 3, width: Int = 320, format: AnimationFormat = .webp, start: Double? = nil, frameRate: Int = 10,
        open: MediaOpenOptions = MediaOpenOptions(timeLimit: .seconds(300))
    ) {
        self.seconds = seconds
        self.width = width
        self.format = format
        self.start = start
        self.frameRate = frameRate
        self.open = open
    }

    /// Writes the preview of `path` to `output` (under a temporary name, renamed when complete),
    /// on NIO's blocking thread pool.
    /// - Throws: ``MediaError``: `.invalidRequest` for values out of range or an output that is
    ///   an input, `.outOfRange` for a start past the end, the probe's errors for a file that is
    ///   not a video.
    public func make(_ path: String, to output: String) async throws(MediaError) -> AnimatedPreviewReport {
        try await BlockingWork.run(timeLimit: self.open.timeLimit, path: path) { interruption throws(MediaError) in
            try self.make(path, to: output, interruption: interruption)
        }
    }

    func make(_ path: String, to output: String, interruption: Interruption?) throws(MediaError) -> AnimatedPreviewReport {
        guard (0.2...60).contains(self.seconds), (16...1920).contains(self.width), (1...30).contains(self.frameRate) else {
            throw MediaError(.invalidRequest, path: path, "a preview needs 0.2-60 seconds, a width of 16-1920 and 1-30 frames per second")
        }
        try FileIdentity.refuseOverwriting(output, inputs: [path])
        try AtomicFile.checkDestination(output)
        let grabber = try FrameGrabber(path: path, options: self.open, interruption: interruption)
        var notes: [String] = []
        let duration = max(grabber.readableEnd ?? grabber.duration, 0.001)
        let start: Double
        if let asked = self.start {
            guard asked.isFinite, asked >= 0 else {
                throw MediaError(.outOfRange, path: path, "time \(formatSeconds(asked)) is not a time in the video")
            }
            guard asked < duration else {
                throw MediaError(.outOfRange, path: path, "time \(formatSeconds(asked)) is past the end (duration \(formatSeconds(duration)))")
            }
            start = asked
        } else {
            let best = try Thumbnailer.best(grabber)
            if !best.interesting { notes.append("every picture looked at is black or flat: so is the preview") }
            start = min(max(0, best.picture.time - self.seconds / 2), max(0, duration - self.seconds))
        }
        let seconds = min(self.seconds, duration - start)
        if seconds < self.seconds - 1e-6 {
            notes.append("the video ends at \(formatSeconds(duration)): the loop lasts \(formatSeconds(seconds)), not \(formatSeconds(self.seconds))")
        }
        let width = Thumbnailer.even(self.width)
        let height = StillImage.height(for: width, aspect: grabber.displayAspect)
        let count = max(1, Int((seconds * Double(self.frameRate)).rounded()))
        // Every picture is held until the palette (GIF) or the animation (WebP) is made.
        guard count * width * height <= Self.maxPixels else {
            throw MediaError(
                .invalidRequest, path: path,
                "\(count) pictures of \(width)x\(height) are too many to hold: at most \(Self.maxPixels / 1_000_000) million pixels in all; choose fewer --seconds, --fps or --width"
            )
        }
        var pictures: [Frame] = []
        let scaler = Scaler(quality: true)
        for index in 0..<count {
            let picture = try grabber.frame(at: start + Double(index) / Double(self.frameRate), clampToEnd: true)
            do {
                let scaled = try Frame.video(width: width, height: height)
                try scaler.scale(picture.frame, into: scaled)
                pictures.append(scaled)
            } catch {
                throw MediaError(.writeFailed, path: path, "cannot scale the preview: \(ErrorWords.ffmpeg(error))")
            }
        }
        try AtomicFile.write(to: output) { temporary throws(MediaError) in
            do throws(FFmpegError) {
                try self.encode(pictures, width: width, height: height, to: temporary)
            } catch {
                throw MediaError(.writeFailed, path: output, "cannot encode the \(self.format == .gif ? "GIF" : "WebP"): \(ErrorWords.ffmpeg(error))")
            }
        }
        return AnimatedPreviewReport(
            path: output, format: self.format, start: start, seconds: Double(count) / Double(self.frameRate), frames: count,
            width: width, height: height, notes: notes
        )
    }

    /// Encodes the pictures (yuv420p, all `width` x `height`) at ``frameRate`` into `path`.
    private func encode(_ pictures: [Frame], width: Int, height: Int, to path: String) throws(FFmpegError) {
        let encoder = try Encoder.animation(codecName: self.format == .gif ? "gif" : "libwebp_anim", width: width, height: height)
        let ticks = encoder.timeBase.denominator / max(1, encoder.timeBase.numerator) / Int32(self.frameRate)
        let output = try OutputFormatContext(path: path, format: self.format == .gif ? "gif" : "webp")
        let stream = try EncodedStream(encoder: encoder, output: output, defaultPacketDuration: Int64(ticks))
        // GIF and WebP loop forever with loop=0 (the WebP muxer's default is to play once).
        try output.writeHeader(options: ["loop": "0"])
        if self.format == .gif {
            let graph = try FilterGraph.video(
                description: "split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=sierra2_4a", width: width, height: height,
                timeBase: encoder.timeBase
            )
            for (index, picture) in pictures.enumerated() {
                picture.pts = Int64(index) * Int64(ticks)
                try graph.push(picture)
            }
            try graph.pushEndOfStream()
            let paletted = Frame()
            while case .frame = try graph.pull(into: paletted) {
                try stream.encode(paletted)
                paletted.unref()
            }
        } else {
            for (index, picture) in pictures.enumerated() {
                picture.pts = Int64(index) * Int64(ticks)
                try stream.encode(picture)
            }
        }
        try stream.finish()
        try output.finish()
    }
}
