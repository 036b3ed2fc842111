import FFmpegKit

/// The music under a reel: the sound of a file (any audio or video file the whitelisted
/// demuxers read), decoded and resampled to 48 kHz stereo planar float, played from its start
/// and again from its start for as long as it is read.
///
/// Where it loops, the end of each pass fades out and the start of the next fades in over
/// 20 ms, so that the seam does not click: the last 20 ms decoded are held back until the
/// decoder says whether the pass ends there. Memory stays flat whatever the file's length.
final class MusicBed {
    /// Samples of each seam's fade (20 ms).
    static let seam = 960
    /// The least sound a file must have to be looped (a quarter of a second).
    static let shortest = 12_000

    let path: String
    private let options: InputOptions
    private let interruption: Interruption
    private var input: InputFormatContext
    private let stream: Int
    private var decoder: Decoder
    private let resampler = Resampler(sampleRate: ReelEncoder.sampleRate)
    private let packet = Packet()
    private let decoded = Frame()
    /// The last samples decoded, held back until it is known whether the pass ends with them.
    private let pending = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
    /// Samples ready to be read.
    private let ready = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
    /// Samples decoded in this pass so far.
    private var passLength = 0
    private var passes = 0
    private var flushed = false

    /// Opens `path` and its main audio stream.
    /// - Throws: ``MediaError`` naming the file: unreadable, not an audio or video file, or
    ///   without sound (``MediaError/Code/noAudio``).
    init(path: String, open: MediaOpenOptions, interruption: Interruption) throws(MediaError) {
        var options = MediaInput.inputOptions(open)
        options.allowedFormats = InputOptions.movFamily + InputOptions.singleFileContainers + InputOptions.audioFiles
        let input: InputFormatContext
        do {
            input = try MediaInput.open(path, inputOptions: options, interruption: interruption)
        } catch  where error.code == .unsupportedFormat {
            throw MediaError(.unsupportedFormat, path: path, error.message.replacingPrefix("not an MP4/MOV file", with: "not an audio or video file"))
        }
        guard let stream = input.bestStream(.audio) else {
            throw MediaError(.noAudio, path: path, "has no sound to lay under the reel")
        }
        self.path = path
        self.options = options
        self.interruption = interruption
        self.input = input
        self.stream = stream
        self.decoder = try Self.decoder(input, stream: stream, path: path)
    }

    /// The next `count` samples, looping.
    func read(_ count: Int) throws(MediaError) -> Frame {
        while self.ready.count < count {
            try self.step()
        }
        do {
            return try self.ready.read(count)
        } catch {
            throw self.failure(error)
        }
    }

    /// Decodes the next block of this pass, or closes the pass at its end and starts the next.
    private func step() throws(MediaError) {
        do {
            if let block = try self.nextBlock() {
                if self.passes > 0, self.passLength < Self.seam {
                    let silence = try Self.silence(min(block.sampleCount, Self.seam - self.passLength))
                    try block.crossfade(from: silence, start: self.passLength, length: Self.seam)
                }
                try self.pending.write(block)
                self.passLength += block.sampleCount
                if self.pending.count > Self.seam {
                    try self.ready.write(try self.pending.read(self.pending.count - Self.seam))
                }
                return
            }
            guard self.passLength >= Self.shortest else {
                throw MediaError(
                    .noAudio, path: self.path,
                    self.passLength == 0 && self.passes == 0
                        ? "has no sound that can be decoded" : "has too little sound to loop under a reel (under a quarter of a second)"
                )
            }
            if self.pending.count > 0 {
                let tail = try self.pending.read(self.pending.count)
                let faded = try Self.silence(tail.sampleCount)
                try faded.crossfade(from: tail, start: 0, length: tail.sampleCount)
                try self.ready.write(faded)
            }
            self.input = try InputFormatContext(path: self.path, options: self.options, interruption: self.interruption)
            self.decoder = try Self.decoder(self.input, stream: self.stream, path: self.path)
            self.passes += 1
            self.passLength = 0
            self.flushed = false
        } catch let error as MediaError {
            throw error
        } catch let error as FFmpegError {
            throw self.failure(error)
        } catch {
            throw MediaError(.unreadable, path: self.path, "its sound cannot be read")
        }
    }

    /// The next decoded block of this pass with samples in it, or `nil` at its end. A packet
    /// the decoder refuses is skipped; a read error (a file cut short) ends the pass.
    private func nextBlock() throws(FFmpegError) -> Frame? {
        while true {
            let step: DecodeStep
            do {
                step = try self.decoder.receive(into: self.decoded)
            } catch {
                if self.flushed { return nil }
                step = .needsInput
            }
            switch step {
            case .frame:
                let block = try self.resampler.convert(self.decoded)
                self.decoded.unref()
                if block.sampleCount > 0 { return block }
            case .endOfStream:
                return nil
            case .needsInput:
                if self.flushed { return nil }
                let more: Bool
                do {
                    more = try self.input.read(into: self.packet)
                } catch  where error.code != FFmpegError.exit {
                    more = false
                }
                if !more {
                    self.decoder.sendEndOfStream()
                    self.flushed = true
                } else if self.packet.streamIndex == self.stream {
                    try? self.decoder.send(self.packet)
                }
            }
        }
    }

    private static func decoder(_ input: InputFormatContext, stream: Int, path: String) throws(MediaError) -> Decoder {
        do {
            return try Decoder(input: input, stream: stream, threads: 1)
        } catch {
            throw MediaError(.unreadable, path: path, "its sound cannot be decoded (no decoder for it in this FFmpeg)")
        }
    }

    private static func silence(_ samples: Int) throws(FFmpegError) -> Frame {
        let frame = try Frame.audio(samples: max(1, samples), sampleRate: ReelEncoder.sampleRate, channels: 2)
        frame.fillTone(firstSample: 0, frequency: 0, amplitude: 0)
        return frame
    }

    private func failure(_ error: FFmpegError) -> MediaError {
        if error.code == FFmpegError.exit {
            return MediaError(error.message == "time limit exceeded" ? .timedOut : .cancelled, path: self.path, error.message)
        }
        return MediaError(.unreadable, path: self.path, "its sound cannot be read")
    }
}

extension String {
    /// This string with `prefix` replaced by `replacement`, when it starts with it.
    fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        self.hasPrefix(prefix) ? replacement + self.dropFirst(prefix.count) : self
    }
}
