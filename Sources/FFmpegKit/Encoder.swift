internal import CFFmpeg

/// What an encoder did with a call to ``Encoder/receive(into:)``.
package enum EncodeStep: Sendable {
    /// A packet was written.
    case packet
    /// The encoder needs another frame first.
    case needsInput
    /// Every packet has been returned after ``Encoder/sendEndOfStream()``.
    case endOfStream
}

/// An encoder: owns an `AVCodecContext` from `avcodec_alloc_context3`, freed with
/// `avcodec_free_context`.
package final class Encoder {
    let pointer: UnsafeMutablePointer<AVCodecContext>

    init(
        codecName: String,
        options: KeyValuePairs<String, String>,
        configure: (UnsafeMutablePointer<AVCodecContext>) -> Void
    ) throws(FFmpegError) {
        guard let codec = avcodec_find_encoder_by_name(codecName) else {
            throw FFmpegError(
                code: FFmpegError.encoderNotFound,
                function: "avcodec_find_encoder_by_name",
                message: "no \(codecName) encoder in this FFmpeg build"
            )
        }
        self.pointer = try openCodecContext(codec, options: options, configure: configure)
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = self.pointer
        avcodec_free_context(&context)
    }

    /// An H.264 encoder (libx264) for yuv420p pictures at a constant frame rate.
    ///
    /// - Parameters:
    ///   - crf: x264's constant rate factor (lower is better; 23 is x264's default).
    ///   - preset: x264's speed preset (`ultrafast` ... `veryslow`).
    ///   - globalHeader: put SPS/PPS in extradata, as MP4 needs.
    package static func h264(
        width: Int,
        height: Int,
        frameRate: Rational,
        crf: Int = 23,
        preset: String = "veryfast",
        globalHeader: Bool = true,
        threads: Int = 0
    ) throws(FFmpegError) -> Encoder {
        try Encoder(codecName: "libx264", options: ["preset": preset, "crf": String(crf)]) { context in
            context.pointee.width = Int32(width)
            context.pointee.height = Int32(height)
            context.pointee.pix_fmt = AV_PIX_FMT_YUV420P
            context.pointee.time_base = AVRational(num: frameRate.denominator, den: frameRate.numerator)
            context.pointee.framerate = frameRate.av
            context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
            context.pointee.gop_size = Int32(max(1, Int(frameRate.doubleValue ?? 30) * 2))
            context.pointee.thread_count = Int32(threads)
            context.pointee.color_range = AVCOL_RANGE_MPEG
            if globalHeader {
                context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
            }
        }
    }

    /// FFmpeg's native AAC encoder, planar float input, at `sampleRate` with `channels` (1 or 2).
    package static func aac(
        sampleRate: Int = 48_000,
        channels: Int = 2,
        bitRate: Int = 128_000,
        globalHeader: Bool = true
    ) throws(FFmpegError) -> Encoder {
        try Encoder(codecName: "aac", options: [:]) { context in
            context.pointee.sample_rate = Int32(sampleRate)
            av_channel_layout_default(&context.pointee.ch_layout, Int32(channels))
            context.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
            context.pointee.bit_rate = Int64(bitRate)
            context.pointee.time_base = AVRational(num: 1, den: Int32(sampleRate))
            if globalHeader {
                context.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
            }
        }
    }

    /// The time base of frames sent and packets received.
    package var timeBase: Rational { Rational(self.pointer.pointee.time_base) }

    /// Samples per channel in every audio frame but the last (0 for video).
    package var frameSize: Int { Int(self.pointer.pointee.frame_size) }

    /// Sends one frame whose `pts` is in ``timeBase``.
    ///
    /// The corresponding FFmpeg function is `avcodec_send_frame`.
    package func send(_ frame: Frame) throws(FFmpegError) {
        try check(avcodec_send_frame(self.pointer, frame.pointer), "avcodec_send_frame")
    }

    /// Tells the encoder no more frames follow.
    ///
    /// The corresponding FFmpeg function is `avcodec_send_frame` with a null frame.
    package func sendEndOfStream() {
        _ = avcodec_send_frame(self.pointer, nil)
    }

    /// Takes the next encoded packet, if one is ready.
    ///
    /// The corresponding FFmpeg function is `avcodec_receive_packet`.
    package func receive(into packet: Packet) throws(FFmpegError) -> EncodeStep {
        let code = avcodec_receive_packet(self.pointer, packet.pointer)
        if code == FFmpegError.tryAgain { return .needsInput }
        if code == FFmpegError.endOfFile { return .endOfStream }
        try check(code, "avcodec_receive_packet")
        return .packet
    }

    func copyParameters(to parameters: UnsafeMutablePointer<AVCodecParameters>) throws(FFmpegError) {
        try check(avcodec_parameters_from_context(parameters, self.pointer), "avcodec_parameters_from_context")
    }
}
