import FFmpegKit
public import SoraAPI

/// The shape of a clip to synthesize.
public struct ClipSpec: Sendable, Hashable {
    public var size: VideoSize
    public var seconds: Double
    public var frameRate: Int
    /// Seeds the pattern's colours and motion and the tone's pitch (the prompt, say).
    public var seed: String
    /// Add an AAC tone (48 kHz stereo), as Sora 2 clips carry audio and Sora 1 clips do not.
    public var audio: Bool
    /// x264's constant rate factor.
    public var quality: Int
    /// x264's speed preset.
    public var preset: String
    /// A picture the clip starts from (PNG, JPEG or WebP bytes), as image-to-video does: the
    /// first frame shows it, scaled to ``size``, and the frames after pan steadily across it.
    public var startImage: [UInt8]?

    public init(
        size: VideoSize,
        seconds: Double,
        frameRate: Int = 30,
        seed: String,
        audio: Bool = false,
        quality: Int = 28,
        preset: String = "veryfast",
        startImage: [UInt8]? = nil
    ) {
        self.size = size
        self.seconds = seconds
        self.frameRate = frameRate
        self.seed = seed
        self.audio = audio
        self.quality = quality
        self.preset = preset
        self.startImage = startImage
    }
}

/// Renders deterministic MP4s of any size, duration and frame rate: a moving test pattern
/// seeded from a string, or a pan across a start image, H.264 (yuv420p, faststart), with an
/// optional AAC tone.
///
/// The emulator renders its clips with it, and tests make inputs of any shape without files.
public struct ClipSynthesizer: Sendable {
    public init() {}

    /// Renders `spec` to `path` (written under a temporary name, then renamed) on NIO's blocking
    /// thread pool; task cancellation stops the encoding, leaving nothing written.
    public func render(_ spec: ClipSpec, to path: String) async throws(MediaError) {
        try await BlockingWork.run(timeLimit: nil, path: path) { interruption throws(MediaError) in
            try self.render(spec, to: path, interruption: interruption)
        }
    }

    func render(_ spec: ClipSpec, to path: String, interruption: Interruption) throws(MediaError) {
        guard (16...8192).contains(spec.size.width), (16...8192).contains(spec.size.height) else {
            throw MediaError(.invalidRequest, path: path, "size \(spec.size) must be 16-8192 on each side (H.264 encoder limits)")
        }
        guard spec.size.width % 2 == 0, spec.size.height % 2 == 0 else {
            throw MediaError(
                .invalidRequest, path: path,
                "size \(spec.size) must have an even width and height (4:2:0 video), e.g. \(spec.size.width / 2 * 2)x\(spec.size.height / 2 * 2)"
            )
        }
        guard spec.seconds > 0, spec.seconds <= 3600, (1...240).contains(spec.frameRate) else {
            throw MediaError(.invalidRequest, path: path, "duration must be 0-3600 s and frame rate 1-240")
        }
        try AtomicFile.write(to: path) { temporary throws(MediaError) in
            do throws(FFmpegError) {
                try Self.encode(spec, to: temporary, interruption: interruption)
            } catch  where error.code == FFmpegError.exit {
                throw MediaError(.cancelled, path: path, "cancelled")
            } catch {
                throw MediaError(.writeFailed, path: path, "cannot render: \(ErrorWords.ffmpeg(error))")
            }
        }
    }

    private static func encode(_ spec: ClipSpec, to path: String, interruption: Interruption) throws(FFmpegError) {
        let seed = Self.hash(spec.seed)
        let output = try OutputFormatContext(path: path, format: "mp4")
        let video = try EncodedStream(
            encoder: Encoder.h264(
                width: spec.size.width,
                height: spec.size.height,
                frameRate: Rational(Int32(spec.frameRate), 1),
                crf: spec.quality,
                preset: spec.preset
            ),
            output: output,
            defaultPacketDuration: 1
        )
        let audio = spec.audio ? try EncodedStream(encoder: Encoder.aac(), output: output) : nil
        try output.writeHeader(options: ["movflags": "+faststart"])

        let frameCount = Int64((spec.seconds * Double(spec.frameRate)).rounded())
        let picture = try Frame.video(width: spec.size.width, height: spec.size.height)
        let still = try spec.startImage.map { bytes throws(FFmpegError) in try Self.picture(bytes, size: spec.size) }
        // About a sixth of the width each second.
        let step = max(2, spec.size.width / (6 * spec.frameRate))
        for index in 0..<frameCount {
            if interruption.shouldStop { throw FFmpegError(code: FFmpegError.exit, function: "render", message: "cancelled") }
            try picture.makeWritable()
            if let still {
                try picture.pan(from: still, by: Int(index) * step)
            } else {
                picture.drawTestPattern(index: index, seed: seed)
            }
            picture.pts = index
            try video.encode(picture)
        }
        try video.finish()

        if let audio {
            let sampleRate = 48_000
            let total = Int64((spec.seconds * Double(sampleRate)).rounded())
            let block = audio.encoder.frameSize
            let frequency = 220.0 + Double(seed % 440)
            var position: Int64 = 0
            while position < total {
                let samples = Int(min(Int64(block), total - position))
                let frame = try Frame.audio(samples: block, sampleRate: sampleRate, channels: 2)
                frame.fillTone(firstSample: position, frequency: frequency, amplitude: 0.25)
                frame.truncateSamples(to: samples)
                frame.pts = position
                try audio.encode(frame)
                position += Int64(samples)
            }
            try audio.finish()
        }
        try output.finish()
    }

    /// An image's bytes decoded and scaled to `size` (yuv420p).
    private static func picture(_ bytes: [UInt8], size: VideoSize) throws(FFmpegError) -> Frame {
        guard let header = ImageHeader.read(bytes) else {
            throw FFmpegError(code: FFmpegError.invalidData, function: "render", message: "the start image is not a PNG, JPEG or WebP image")
        }
        let decoder = try ImageDecoder(codecName: header.kind.decoderName, maxPixels: (header.width + 128) * (header.height + 128))
        let decoded = try decoder.decode(bytes)
        let picture = try Frame.video(width: size.width, height: size.height)
        try Scaler(quality: true).scale(decoded, into: picture)
        return picture
    }

    /// FNV-1a: a stable hash of the seed string (Swift's `hashValue` changes per process).
    static func hash(_ text: String) -> UInt32 {
        text.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }
    }
}
