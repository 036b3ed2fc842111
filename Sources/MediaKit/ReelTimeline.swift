import FFmpegKit
import SoraAPI

/// The output side of ``ReelEncoder``: places each clip's pictures and sound on one
/// constant-rate timeline, cross-fading pictures and sound between clips when asked.
struct ReelTimeline {
    let video: EncodedStream
    let audio: EncodedStream?
    let size: VideoSize
    /// Frames per second, as a number for timing arithmetic (the encoder has the exact fraction).
    let fps: Double
    let fadeFrames: Int

    /// Called with the pictures written so far, once per second of reel.
    var progress: ((Int64) -> Void)?

    private let scaler = Scaler()
    private let fifo = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
    private let resampler = Resampler(sampleRate: ReelEncoder.sampleRate)
    /// Output pictures written so far.
    private var framesWritten: Int64 = 0
    /// Audio samples handed to the encoder so far.
    private var samplesWritten: Int64 = 0
    /// The previous clip's last pictures, waiting to be blended into the next clip's first.
    private var fadeTail: [Frame] = []
    /// The previous clip's last sound, fading out under this clip's first sound.
    private var fadingSound = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
    /// How long `fadingSound` was when its clip ended, in samples.
    private var fadingSoundLength = 0
    /// This clip's last sound, kept for the next clip's cross-fade.
    private var heldSound = AudioFIFO(sampleRate: ReelEncoder.sampleRate)

    init(video: EncodedStream, audio: EncodedStream?, size: VideoSize, rate: FrameRate, fadeFrames: Int) {
        self.video = video
        self.audio = audio
        self.size = size
        self.fps = rate.value
        self.fadeFrames = fadeFrames
    }

    /// Decodes `clip` and places it after what came before.
    mutating func append(_ clip: ReelCompatibility.Clip, isLast: Bool) throws(FFmpegError) {
        let input = try clip.open()
        let duration = clip.duration
        let clipFrames = max(1, Int64((duration * self.fps).rounded()))
        let holdBack = isLast ? 0 : Int64(min(self.fadeFrames, Int(clipFrames) / 2))
        // The previous clip's held-back tail is not written yet: this clip starts where it starts.
        let clipStart = self.framesWritten
        let audioEnd = self.sample(atFrame: clipStart + clipFrames - holdBack)
        // The held-back pictures' sound fades out under the next clip, as they do.
        let soundHeld = Int(self.sample(atFrame: clipStart + clipFrames) - audioEnd)

        let videoDecoder = try Decoder(input: input, stream: clip.video.index)
        let audioDecoder = try clip.audio.flatMap { audio throws(FFmpegError) in
            self.audio == nil ? nil : try Decoder(input: input, stream: audio.index)
        }
        let origin = clip.startTime
        let turns = clip.video.uprightQuarterTurns
        let mirrored = clip.video.uprightMirrored
        var placed: Int64 = 0
        var held: Frame? = nil
        var pending: [Frame] = []

        // Writes `held` for every output tick of this clip before `time` (seconds into the clip).
        func emit(until time: Double, timeline: inout ReelTimeline) throws(FFmpegError) {
            guard let picture = held else { return }
            while placed < clipFrames, Double(placed) / timeline.fps < time - 0.5 / timeline.fps {
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
            do {
                reading = try input.read(into: packet) && !(clip.isDamaged && packet.isCorrupt)
            } catch where clip.isDamaged && error.code != FFmpegError.exit {
                reading = false  // a damaged clip ends where it can no longer be read
            }
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
                        let time = (clip.video.seconds(decoded.bestEffortTimestamp) ?? Double(placed) / self.fps) - origin
                        try emit(until: time, timeline: &self)
                        held = try self.fit(decoded, quarterTurns: turns, mirrored: mirrored)
                    } else {
                        try self.placeSound(try self.resampler.convert(decoded), until: audioEnd, holding: soundHeld)
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
            try self.placeSilence(until: audioEnd, holding: soundHeld)
            try self.drainAudio(final: false)
            // What this clip did not use of the previous clip's tail is dropped, as its pictures are.
            self.fadingSound = self.heldSound
            self.fadingSoundLength = self.heldSound.count
            self.heldSound = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
        }
    }

    /// Writes what is still held back and flushes the encoders.
    mutating func finish() throws(FFmpegError) {
        for picture in self.fadeTail {
            try self.writePicture(picture)
        }
        self.progress?(self.framesWritten)
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
        if self.framesWritten % max(1, Int64(self.fps.rounded())) == 0 { self.progress?(self.framesWritten) }
    }

    /// Audio samples on the timeline so far: encoded or waiting in the FIFO.
    private var soundPosition: Int64 { self.samplesWritten + Int64(self.fifo.count) }

    /// The audio sample at which output picture `frame` starts.
    private func sample(atFrame frame: Int64) -> Int64 {
        Int64((Double(frame) / self.fps * Double(ReelEncoder.sampleRate)).rounded())
    }

    /// Puts a block of the current clip's sound on the timeline: up to sample `end` into the
    /// reel, its first samples blended with the previous clip's fading tail; the next `holding`
    /// samples into the tail kept for the next clip; anything after that is dropped.
    private mutating func placeSound(_ block: Frame, until end: Int64, holding: Int) throws(FFmpegError) {
        let intoReel = Int(max(0, min(Int64(block.sampleCount), end - self.soundPosition)))
        if intoReel > 0 {
            let fading = min(self.fadingSound.count, intoReel)
            if fading > 0 {
                let start = self.fadingSoundLength - self.fadingSound.count
                try block.crossfade(from: try self.fadingSound.read(fading), start: start, length: self.fadingSoundLength)
            }
            try self.fifo.write(block, count: intoReel)
        }
        let intoTail = min(block.sampleCount - intoReel, holding - self.heldSound.count)
        if intoTail > 0 {
            try self.heldSound.write(block, from: intoReel, count: intoTail)
        }
    }

    /// Silence where the current clip has no more sound, so the reel's audio spans every picture
    /// (and a clip without sound still fades the previous clip's sound out).
    private mutating func placeSilence(until end: Int64, holding: Int) throws(FFmpegError) {
        while self.soundPosition < end {
            let block = try Frame.audio(samples: Int(min(end - self.soundPosition, 4096)), sampleRate: ReelEncoder.sampleRate, channels: 2)
            block.fillTone(firstSample: 0, frequency: 0, amplitude: 0)
            try self.placeSound(block, until: end, holding: holding)
        }
        if holding > self.heldSound.count {
            try self.heldSound.writeSilence(holding - self.heldSound.count)
        }
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

    /// A decoded picture turned upright (and mirrored where the display matrix reflects) and
    /// scaled into the reel's size with black bars.
    private func fit(_ frame: Frame, quarterTurns: Int, mirrored: Bool) throws(FFmpegError) -> Frame {
        var source = frame
        if quarterTurns != 0 || mirrored {
            let upright = try Frame.video(width: frame.width, height: frame.height)
            try self.scaler.scale(frame, into: upright)
            source = try upright.rotated(quarterTurns: quarterTurns, mirrored: mirrored)
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
}
