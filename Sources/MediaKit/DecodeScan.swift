import FFmpegKit

/// Decodes every packet of the main video and audio streams once, as
/// `ffmpeg -i FILE -f null -` does, counting errors and feeding every measure the rules need:
/// black and frozen stretches, motion, cuts and flashes from coarse luma grids, and levels,
/// silence and loudness from the audio.
///
/// Errors include what decoders only log while concealing damage ("Invalid NAL unit
/// size"): `ffmpeg` exits 0 on such files unless told `-xerror`, and a QA check must not.
struct DecodeScan {
    static let gridColumns = 64
    static let gridRows = 36
    static let blockColumns = 32
    static let blockRows = 18

    private let input: InputFormatContext
    private let path: String
    private var summary = DecodeSummary(
        videoFrames: 0, audioFrames: 0, decoderErrors: 0, demuxerErrors: 0,
        firstErrorTime: nil, firstErrorMessage: nil, videoDuration: nil,
        blackStretches: [], frozenStretches: []
    )
    private var rejectedPackets = 0
    private var readErrors = 0
    private var currentTime: Double?
    private var detector = StillDetector()
    private var flashes = FlashDetector()
    private var motion: MotionDetector
    private var audio: AudioAnalysis
    private let decoderThreads: Int
    /// Rules that are off cost nothing: their measures are skipped.
    private let measureFlashes: Bool
    private let measureMotion: Bool
    private var firstFrameTime: Double?
    private var lastFrameTime: Double?
    private var lastFrameStep: Double?

    init(input: InputFormatContext, path: String, options: ValidationOptions) {
        self.input = input
        self.path = path
        self.decoderThreads = max(0, options.decoderThreads)
        self.measureFlashes = ValidationRuleCatalog.level(of: "flashes", in: options) != .off
        self.measureMotion = ["static", "cuts"].contains { ValidationRuleCatalog.level(of: $0, in: options) != .off }
        self.motion = MotionDetector(stillThreshold: options.staticMotionThreshold, cutThreshold: options.cutThreshold)
        self.audio = AudioAnalysis(
            silenceLevel: options.silenceLevel,
            loudness: ValidationRuleCatalog.level(of: "loudness", in: options) != .off
        )
    }

    /// Runs the scan to the end of the file.
    static func run(_ input: InputFormatContext, path: String, options: ValidationOptions) throws(MediaError) -> DecodeSummary {
        var scan = DecodeScan(input: input, path: path, options: options)
        try scan.decodeAll()
        return scan.summary
    }

    private mutating func decodeAll() throws(MediaError) {
        let videoIndex = self.input.bestStream(.video)
        var decoders: [Int: Decoder] = [:]
        // A track whose codec is unknown (no sample description) cannot be played at all.
        for stream in self.input.streams where [.video, .audio].contains(stream.mediaType) && stream.codecName == nil {
            self.rejectedPackets += 1
            self.noteError("no decoder for \(stream.mediaType.rawValue) stream #\(stream.index) (codec unknown)")
        }
        for index in [videoIndex, self.input.bestStream(.audio)].compactMap({ $0 }) {
            do {
                decoders[index] = try Decoder(input: self.input, stream: index, threads: self.decoderThreads)
            } catch {
                self.rejectedPackets += 1
                self.noteError(error.message)
            }
        }
        let packet = Packet()
        let frame = Frame()
        while true {
            let hasPacket: Bool
            do {
                hasPacket = try self.input.read(into: packet)
            } catch {
                try self.throwIfInterrupted(error)
                self.readErrors += 1
                self.noteError("reading the file failed: \(error.message)")
                break
            }
            guard hasPacket, let decoder = decoders[packet.streamIndex] else {
                if hasPacket { continue } else { break }
            }
            let stream = self.input.streams[packet.streamIndex]
            self.currentTime = stream.seconds(packet.pts ?? packet.dts) ?? self.currentTime
            do {
                try decoder.send(packet)
            } catch {
                self.rejectedPackets += 1
                self.noteError(error.message)
            }
            try self.drain(decoder, into: frame, isVideo: packet.streamIndex == videoIndex)
            self.updateErrorCounts(decoders.values)
        }
        for (index, decoder) in decoders.sorted(by: { $0.key < $1.key }) {
            decoder.sendEndOfStream()
            try self.drain(decoder, into: frame, isVideo: index == videoIndex)
        }
        self.updateErrorCounts(decoders.values)
        self.finishVideo(videoIndex)
        self.summary.audio = self.audio.finish()
    }

    private mutating func drain(_ decoder: Decoder, into frame: Frame, isVideo: Bool) throws(MediaError) {
        while true {
            let step: DecodeStep
            do {
                step = try decoder.receive(into: frame)
            } catch {
                try self.throwIfInterrupted(error)
                self.rejectedPackets += 1
                self.noteError(error.message)
                return
            }
            guard step == .frame else { return }
            if isVideo {
                self.addVideoFrame(frame, stream: self.input.streams[decoder.streamIndex])
            } else {
                self.summary.audioFrames += 1
                self.audio.add(frame, stream: self.input.streams[decoder.streamIndex])
            }
            frame.unref()
        }
    }

    private mutating func addVideoFrame(_ frame: Frame, stream: StreamParameters) {
        self.summary.videoFrames += 1
        let step = self.lastFrameStep ?? stream.averageFrameRate.doubleValue.flatMap { $0 > 0 ? 1 / $0 : nil } ?? 0
        let time = stream.seconds(frame.bestEffortTimestamp) ?? ((self.lastFrameTime ?? 0) + step)
        if let last = self.lastFrameTime, time > last {
            self.lastFrameStep = time - last
        }
        if self.firstFrameTime == nil { self.firstFrameTime = time }
        self.lastFrameTime = max(time, self.lastFrameTime ?? time)
        if let grid = frame.lumaGrid(columns: Self.gridColumns, rows: Self.gridRows) {
            self.detector.add(grid, at: time, fullRange: frame.isFullRange)
            if self.measureFlashes {
                self.flashes.add(grid, at: time, fullRange: frame.isFullRange)
            }
            // About 8 x 8 readings per block, whatever the picture size: enough to average
            // grain away, and a thirtieth of a 1080p picture.
            let step = max(1, frame.width / Self.blockColumns / 8)
            if self.measureMotion, let blocks = frame.blockLuma(columns: Self.blockColumns, rows: Self.blockRows, step: step) {
                self.motion.add(blocks: blocks, points: grid, at: time)
            }
        }
    }

    private mutating func finishVideo(_ videoIndex: Int?) {
        guard let first = self.firstFrameTime, let last = self.lastFrameTime, let videoIndex else { return }
        let stream = self.input.streams[videoIndex]
        let step = self.lastFrameStep ?? stream.averageFrameRate.doubleValue.flatMap { $0 > 0 ? 1 / $0 : nil } ?? 0
        let end = last + step
        self.detector.finish(at: end)
        self.summary.videoDuration = end - first
        self.summary.blackStretches = self.detector.blackStretches
        self.summary.frozenStretches = self.detector.frozenStretches
        self.summary.content = ContentSummary(
            stillRatio: self.motion.stillRatio,
            medianMotion: self.motion.medianMotion,
            cuts: self.motion.cuts,
            flashTransitions: self.flashes.transitions
        )
    }

    private mutating func updateErrorCounts(_ decoders: Dictionary<Int, Decoder>.Values) {
        let logged = decoders.reduce(0) { $0 + $1.log.errorCount }
        self.summary.decoderErrors = self.rejectedPackets + logged
        self.summary.demuxerErrors = self.readErrors + self.input.log.errorCount
        if self.summary.errorCount > 0, self.summary.firstErrorTime == nil {
            self.summary.firstErrorTime = self.currentTime ?? 0
            if self.summary.firstErrorMessage == nil {
                let messages = decoders.flatMap(\.log.firstErrors) + self.input.log.firstErrors
                self.summary.firstErrorMessage = messages.first
            }
        }
    }

    private mutating func noteError(_ message: String) {
        if self.summary.firstErrorMessage == nil {
            self.summary.firstErrorMessage = message
        }
    }

    private func throwIfInterrupted(_ error: FFmpegError) throws(MediaError) {
        guard error.code == FFmpegError.exit else { return }
        if self.input.interruption.isPastDeadline {
            throw MediaError(.timedOut, path: self.path, "gave up: time limit exceeded while decoding")
        }
        throw MediaError(.cancelled, path: self.path, "cancelled")
    }
}
