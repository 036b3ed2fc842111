import FFmpegKit

/// Decodes single pictures from one video: at a time (accurate: from the keyframe before it,
/// forward to the first picture at or after it) or the nearest keyframe (fast), turned upright.
final class FrameGrabber {
    let path: String
    let input: InputFormatContext
    /// How the input was opened, for a second look at it.
    let inputOptions: InputOptions
    let stream: StreamParameters
    /// Seconds the file's pictures span, as far as the container says.
    let duration: Double
    private let decoder: Decoder
    /// Made on first use: opening a decoder starts its threads.
    private var keyframeDecoder: Decoder?
    private let converter = Scaler()
    /// The picture the accurate decoder returned last, and whether the decoder sits just after
    /// it: a later time can then be reached by decoding forward instead of seeking again.
    private var position: (frame: Frame, time: Double)?

    /// - Parameter threads: decoder threads; 0 lets FFmpeg choose from the core count (frame
    ///   threads: best for one file), 1 when several files are decoded at once, one per core.
    init(path: String, options: MediaOpenOptions, interruption: Interruption? = nil, threads: Int = 0) throws(MediaError) {
        self.path = path
        self.inputOptions = MediaInput.inputOptions(options)
        self.input = try MediaInput.open(path, options: options, interruption: interruption)
        guard let index = self.input.bestStream(.video), self.input.streams[index].mediaType == .video else {
            throw MediaError(.noVideo, path: path, "has no video stream to take pictures from")
        }
        self.stream = self.input.streams[index]
        do {
            self.decoder = try Decoder(input: self.input, stream: index, threads: threads)
        } catch {
            throw MediaError(.unreadable, path: path, "cannot decode its video: \(ErrorWords.ffmpeg(error))")
        }
        let container = Rational.microseconds.seconds(self.input.format.duration)
        let stated = self.stream.seconds(self.stream.duration) ?? container ?? 0
        // Containers can claim far more than they hold (143,165 s fragmented files); the
        // demuxer's index says where the samples end.
        let step = self.stream.averageFrameRate.doubleValue.flatMap { $0 > 0 ? 1 / $0 : nil } ?? 0
        let start = self.stream.seconds(self.stream.startTime) ?? 0
        // The index holds decode times, a few frames early with B-frames: trust it only when it
        // contradicts the stated duration by more than a second.
        if let last = self.stream.seconds(self.input.lastIndexedTimestamp(stream: index)), stated <= 0 || last - start + step + 1 < stated {
            self.duration = max(0, last - start) + step
        } else {
            self.duration = stated
        }
    }

    /// The picture shown at `time` seconds (`accurate`), or the keyframe at or before it.
    ///
    /// - Throws: ``MediaError`` `.outOfRange` naming the duration when `time` is past the end,
    ///   never a silent first picture.
    /// - Parameter clampToEnd: return the last picture when the video ends before `time` (for
    ///   evenly spaced pictures whose times come from a duration that may be wrong).
    func frame(at time: Double, accurate: Bool = true, clampToEnd: Bool = false) throws(MediaError) -> (frame: Frame, time: Double) {
        guard time >= 0, time.isFinite else {
            throw MediaError(.outOfRange, path: self.path, "time \(formatSeconds(time)) is not a time in the video")
        }
        if self.duration > 0, time > self.duration, !clampToEnd {
            throw MediaError(.outOfRange, path: self.path, "time \(formatSeconds(time)) is past the end (duration \(formatSeconds(self.duration)))")
        }
        let start = self.stream.seconds(self.stream.startTime) ?? 0
        let target = self.stream.timeBase.timestamp(seconds: time + start)
        let decoder = try accurate ? self.decoder : self.keyframes()
        // Evenly spaced pictures (sheets, --count) come in rising order: decode on from the
        // last one rather than seek back to a keyframe for each.
        let forward = accurate && self.position.map { time >= $0.time && time - $0.time < 2 } == true
        if accurate, let position = self.position, forward, time <= position.time + 1e-6 {
            return position
        }
        if !forward {
            do {
                try self.input.seek(stream: self.stream.index, to: target)
            } catch {
                throw MediaError(.unreadable, path: self.path, "cannot seek to \(formatSeconds(time)): \(ErrorWords.ffmpeg(error))")
            }
            decoder.flush()
        }
        // Decoding on from the last picture: it stays the latest one seen, so a time past the
        // last picture still finds it when the decoder has nothing more to give. Pictures on the
        // way are kept as decoded (a reference) and turned upright only if returned.
        var last: (frame: Frame, time: Double)? = forward ? self.position : nil
        var lastIsUpright = true
        // A picture whose display ends a frame before the target cannot be the one shown:
        // when no other picture refers to it, the decoder may skip it.
        let step = self.stream.averageFrameRate.doubleValue.flatMap { $0 > 0 && $0.isFinite ? 1 / $0 : nil } ?? 0.1
        let skipBefore = accurate ? self.stream.timeBase.timestamp(seconds: time + start - 2 * step) : Int64.min
        defer { decoder.skipsNonReference = false }
        self.position = nil
        let packet = Packet()
        let frame = Frame()
        var ended = false
        while true {
            do {
                // Pictures the decoder already holds come first (after a forward decode it may
                // hold several); only then is another packet read and sent.
                while case .frame = try decoder.receive(into: frame) {
                    let shown = (self.stream.seconds(frame.bestEffortTimestamp) ?? time + start) - start
                    if !accurate || shown >= time - 1e-6 {
                        let picture = (try self.upright(frame), max(0, shown))
                        if accurate { self.position = picture }
                        return picture
                    }
                    last = (try frame.reference(), shown)
                    lastIsUpright = false
                    frame.unref()
                }
                if ended { break }
                let more: Bool
                do {
                    more = try self.input.read(into: packet)
                } catch  where error.code != FFmpegError.exit {
                    more = false  // a damaged rest of the file ends the stream here
                }
                if !more {
                    ended = true
                    decoder.sendEndOfStream()
                } else if packet.streamIndex == self.stream.index {
                    decoder.skipsNonReference = packet.pts.map { $0 < skipBefore } ?? false
                    try? decoder.send(packet)
                }
            } catch {
                if error.code == FFmpegError.exit {
                    throw MediaError(.timedOut, path: self.path, "gave up: time limit exceeded while decoding")
                }
                if ended { break }
            }
        }
        // The stream ended before `time`: the last picture is still on screen if `time` lies
        // within its duration.
        if let last, clampToEnd || time < last.time + step + 1e-6 {
            return lastIsUpright ? last : (try self.uprightOrThrow(last.frame), last.time)
        }
        guard let last else {
            // Not one picture from the keyframe before `time` to the end of what can be read.
            if let end = self.readableEnd, end + step < self.duration {
                throw MediaError(.unreadable, path: self.path, "no picture at \(formatSeconds(time)): \(Self.cutShort(end, of: self.duration))")
            }
            throw MediaError(.unreadable, path: self.path, "no picture can be decoded at or after \(formatSeconds(time)) (damaged)")
        }
        let end = last.time + step
        if self.readableEnd != nil, end + step < self.duration {
            throw MediaError(.outOfRange, path: self.path, "time \(formatSeconds(time)) is past the readable end: \(Self.cutShort(end, of: self.duration))")
        }
        throw MediaError(.outOfRange, path: self.path, "time \(formatSeconds(time)) is past the last picture (duration \(formatSeconds(end)))")
    }

    /// "the file ends at 0.88 s of a stated 2.00 s (damaged or cut short)".
    static func cutShort(_ end: Double, of stated: Double) -> String {
        "the file ends at \(formatSeconds(end)) of a stated \(formatSeconds(stated)) (damaged or cut short)"
    }

    /// Seconds of pictures whose bytes are all in a cut-short file; `nil` when the file is whole
    /// (as far as the demuxer's index can tell).
    lazy var readableEnd: Double? = ReadableEnd.seconds(of: self.input, stream: self.stream, path: self.path, options: self.inputOptions)

    private func keyframes() throws(MediaError) -> Decoder {
        if let decoder = self.keyframeDecoder { return decoder }
        do {
            let decoder = try Decoder(input: self.input, stream: self.stream.index, keyframesOnly: true)
            self.keyframeDecoder = decoder
            return decoder
        } catch {
            throw MediaError(.unreadable, path: self.path, "cannot decode its video: \(ErrorWords.ffmpeg(error))")
        }
    }

    private func uprightOrThrow(_ frame: Frame) throws(MediaError) -> Frame {
        do {
            return try self.upright(frame)
        } catch {
            throw MediaError(.unreadable, path: self.path, "cannot turn the picture upright: \(ErrorWords.ffmpeg(error))")
        }
    }

    /// The picture as shown: the decoded picture itself (a new reference, no copy) when it
    /// needs no turning, else a yuv420p copy rotated (and mirrored) by the display matrix.
    private func upright(_ frame: Frame) throws(FFmpegError) -> Frame {
        let turns = self.stream.uprightQuarterTurns
        let mirrored = self.stream.uprightMirrored
        guard turns != 0 || mirrored else { return try frame.reference() }
        let copy = try Frame.video(width: frame.width, height: frame.height)
        try self.converter.scale(frame, into: copy)
        return try copy.rotated(quarterTurns: turns, mirrored: mirrored)
    }

    /// The width-to-height ratio of the upright picture, pixel shape included.
    var displayAspect: Double {
        let sar = self.stream.sampleAspectRatio.doubleValue.flatMap { $0 > 0 ? $0 : nil } ?? 1
        let width = Double(self.stream.width) * sar
        let height = Double(self.stream.height)
        guard width > 0, height > 0 else { return 16.0 / 9 }
        return self.stream.uprightQuarterTurns % 2 == 0 ? width / height : height / width
    }
}
