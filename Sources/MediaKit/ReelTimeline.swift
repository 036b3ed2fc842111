import FFmpegKit

/// The output side of ``ReelEncoder``: places each clip's pictures and sound on one
/// constant-rate timeline, cross-fading between clips when asked.
struct ReelTimeline {
    let video: EncodedStream
    let audio: EncodedStream?
    let size: VideoSize
    let fps: Int
    let fadeFrames: Int

    private let scaler = Scaler()
    private let fifo = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
    private let resampler = Resampler(sampleRate: ReelEncoder.sampleRate)
    /// Output pictures written so far.
    private var framesWritten: Int64 = 0
    /// Audio samples handed to the encoder so far.
    private var samplesWritten: Int64 = 0
    /// The previous clip's last pictures, waiting to be blended into the next clip's first.
    private var fadeTail: [Frame] = []

    init(video: EncodedStream, audio: EncodedStream?, size: VideoSize, fps: Int, fadeFrames: Int) {
        self.video = video
        self.audio = audio
        self.size = size
        self.fps = fps
        self.fadeFrames = fadeFrames
    }

    /// Decodes `clip` and places it after what came before.
    mutating func append(_ clip: ReelCompatibility.Clip, isLast: Bool) throws(FFmpegError) {
        let input = try clip.open()
        let duration = clip.duration
        let clipFrames = max(1, Int64((duration * Double(self.fps)).rounded()))
        let holdBack = isLast ? 0 : Int64(min(self.fadeFrames, Int(clipFrames) / 2))
        // The previous clip's held-back tail is not written yet: this clip starts where it starts.
        let clipStart = self.framesWritten
        let audioEnd = Int64((Double(clipStart + clipFrames - holdBack) / Double(self.fps) * Double(ReelEncoder.sampleRate)).rounded())

        let videoDecoder = try Decoder(input: input, stream: clip.video.index)
        let audioDecoder = try clip.audio.flatMap { audio throws(FFmpegError) in
            self.audio == nil ? nil : try Decoder(input: input, stream: audio.index)
        }
        let origin = clip.startTime
        let turns = Self.quarterTurns(clip.video.rotation)
        var placed: Int64 = 0
        var held: Frame? = nil
        var pending: [Frame] = []

        // Writes `held` for every output tick of this clip before `time` (seconds into the clip).
        func emit(until time: Double, timeline: inout ReelTimeline) throws(FFmpegError) {
            guard let picture = held else { return }
            while placed < clipFrames, Double(placed) / Double(timeline.fps) < time - 0.5 / Double(timeline.fps) {
                if placed >= clipFrames - holdBack {
                    pending.append(try picture.copy())
                } else {
                    try timeline.place(picture, fadeIndex: Int(placed))
                }
                placed += 1
            }
        }

        let packet = Packet()
        let decoded = Frame()
        var reading = true
        while reading {
            reading = try input.read(into: packet)
            let decoder: Decoder? =
                reading ? (packet.streamIndex == clip.video.index ? videoDecoder : packet.streamIndex == clip.audio?.index ? audioDecoder : nil) : nil
            if reading, decoder == nil { continue }
            let targets = reading ? [decoder!] : [videoDecoder] + (audioDecoder.map { [$0] } ?? [])
            for target in targets {
                if reading { try? target.send(packet) } else { target.sendEndOfStream() }
                while true {
                    let step: DecodeStep
                    do { step = try target.receive(into: decoded) } catch { break }
                    guard step == .frame else { break }
                    if target === videoDecoder {
                        let time = (clip.video.seconds(decoded.bestEffortTimestamp) ?? Double(placed) / Double(self.fps)) - origin
                        try emit(until: time, timeline: &self)
                        held = try self.fit(decoded, quarterTurns: turns)
                    } else {
                        let converted = try self.resampler.convert(decoded)
                        let budget = audioEnd - self.samplesWritten - Int64(self.fifo.count)
                        if budget > 0 { try self.fifo.write(converted, limit: Int(budget)) }
                        try self.drainAudio(final: false)
                    }
                    decoded.unref()
                }
            }
        }
        if held == nil {
            held = try Frame.video(width: self.size.width, height: self.size.height)
            try held?.fillBlack()
        }
        try emit(until: .infinity, timeline: &self)
        self.fadeTail = pending

        if self.audio != nil {
            let missing = audioEnd - self.samplesWritten - Int64(self.fifo.count)
            if missing > 0 { try self.fifo.writeSilence(Int(missing)) }
            try self.drainAudio(final: false)
        }
    }

    /// Writes what is still held back and flushes the encoders.
    mutating func finish() throws(FFmpegError) {
        for picture in self.fadeTail {
            try self.writePicture(picture)
        }
        self.fadeTail = []
        try self.video.finish()
        if self.audio != nil {
            try self.drainAudio(final: true)
            try self.audio?.finish()
        }
    }

    /// Writes one picture of the current clip; its first pictures blend with the previous clip's tail.
    private mutating func place(_ picture: Frame, fadeIndex: Int) throws(FFmpegError) {
        guard fadeIndex < self.fadeTail.count else {
            try self.writePicture(picture)
            return
        }
        let blended = try self.fadeTail[fadeIndex].copy()
        try blended.blend(with: picture, weight: Double(fadeIndex + 1) / Double(self.fadeTail.count + 1))
        try self.writePicture(blended)
    }

    private mutating func writePicture(_ picture: Frame) throws(FFmpegError) {
        picture.pts = self.framesWritten
        try self.video.encode(picture)
        self.framesWritten += 1
    }

    private mutating func drainAudio(final: Bool) throws(FFmpegError) {
        guard let audio = self.audio else { return }
        let block = audio.encoder.frameSize
        while self.fifo.count >= block || (final && self.fifo.count > 0) {
            let frame = try self.fifo.read(block)
            frame.pts = self.samplesWritten
            try audio.encode(frame)
            self.samplesWritten += Int64(frame.sampleCount)
        }
    }

    /// A decoded picture turned upright and scaled into the reel's size with black bars.
    private func fit(_ frame: Frame, quarterTurns: Int) throws(FFmpegError) -> Frame {
        var source = frame
        if quarterTurns != 0 {
            let upright = try Frame.video(width: frame.width, height: frame.height)
            try self.scaler.scale(frame, into: upright)
            source = try upright.rotated(quarterTurns: quarterTurns)
        }
        let canvas = try Frame.video(width: self.size.width, height: self.size.height)
        let scale = min(Double(self.size.width) / Double(source.width), Double(self.size.height) / Double(source.height))
        let width = min(self.size.width, max(2, Int((Double(source.width) * scale).rounded()) / 2 * 2))
        let height = min(self.size.height, max(2, Int((Double(source.height) * scale).rounded()) / 2 * 2))
        if width != self.size.width || height != self.size.height {
            try canvas.fillBlack()
        }
        try self.scaler.scale(source, into: canvas, x: (self.size.width - width) / 2, y: (self.size.height - height) / 2, width: width, height: height)
        return canvas
    }

    /// Clockwise quarter turns that make a picture upright, from the display matrix angle
    /// (counter-clockwise degrees, so -90 means turn 90 degrees clockwise).
    static func quarterTurns(_ rotation: Double?) -> Int {
        guard let rotation, rotation.isFinite else { return 0 }
        return ((Int((-rotation / 90).rounded()) % 4) + 4) % 4
    }
}
