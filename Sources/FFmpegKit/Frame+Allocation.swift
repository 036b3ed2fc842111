internal import CFFmpeg
internal import CFFmpegShims

extension Frame {
    /// A writable picture of `width` x `height` in `pixelFormat` (an FFmpeg name such as `yuv420p`).
    ///
    /// The corresponding FFmpeg function is `av_frame_get_buffer`.
    package static func video(width: Int, height: Int, pixelFormat: String = "yuv420p") throws(FFmpegError) -> Frame {
        let frame = Frame()
        let format = av_get_pix_fmt(pixelFormat)
        guard format != AV_PIX_FMT_NONE else {
            throw FFmpegError(code: FFmpegError.invalidArgument, function: "av_get_pix_fmt", message: "unknown pixel format \(pixelFormat)")
        }
        frame.pointer.pointee.width = Int32(width)
        frame.pointer.pointee.height = Int32(height)
        frame.pointer.pointee.format = format.rawValue
        try check(av_frame_get_buffer(frame.pointer, 0), "av_frame_get_buffer")
        return frame
    }

    /// A writable block of `samples` planar-float samples per channel.
    ///
    /// The corresponding FFmpeg function is `av_frame_get_buffer`.
    package static func audio(samples: Int, sampleRate: Int, channels: Int) throws(FFmpegError) -> Frame {
        let frame = Frame()
        frame.pointer.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        frame.pointer.pointee.nb_samples = Int32(samples)
        frame.pointer.pointee.sample_rate = Int32(sampleRate)
        av_channel_layout_default(&frame.pointer.pointee.ch_layout, Int32(channels))
        try check(av_frame_get_buffer(frame.pointer, 0), "av_frame_get_buffer")
        return frame
    }

    /// Presentation timestamp, in the time base of whoever reads or writes the frame.
    package var pts: Int64? {
        get { Packet.optional(self.pointer.pointee.pts) }
        set { self.pointer.pointee.pts = newValue ?? cffmpeg_AV_NOPTS_VALUE }
    }

    /// Makes the buffers writable (copying them if an encoder still holds a reference).
    ///
    /// The corresponding FFmpeg function is `av_frame_make_writable`.
    package func makeWritable() throws(FFmpegError) {
        try check(av_frame_make_writable(self.pointer), "av_frame_make_writable")
    }

    /// Draws picture `index` of the synthesizer's moving test pattern (yuv420p frames only).
    package func drawTestPattern(index: Int64, seed: UInt32) {
        CFFmpegShims_drawTestPattern(self.pointer, index, seed)
    }

    /// Fills an audio frame with a sine tone continuing from `firstSample`; amplitude 0 is silence.
    package func fillTone(firstSample: Int64, frequency: Double, amplitude: Double) {
        CFFmpegShims_fillTone(self.pointer, firstSample, frequency, amplitude)
    }

    /// Shortens an audio frame to its first `samples` samples (the last block of a clip).
    package func truncateSamples(to samples: Int) {
        self.pointer.pointee.nb_samples = Int32(min(samples, self.sampleCount))
    }
}

extension Frame {
    /// Paints the whole picture black (TV-range black for YUV).
    ///
    /// The corresponding FFmpeg function is `av_image_fill_black`.
    package func fillBlack() throws(FFmpegError) {
        let frame = self.pointer
        var planes = withUnsafeBytes(of: frame.pointee.data) { Array($0.bindMemory(to: UnsafeMutablePointer<UInt8>?.self)) }
        let strides = withUnsafeBytes(of: frame.pointee.linesize) { Array($0.bindMemory(to: Int32.self)).map { Int($0) } }
        let code = av_image_fill_black(
            &planes, strides, AVPixelFormat(frame.pointee.format), AVCOL_RANGE_MPEG,
            frame.pointee.width, frame.pointee.height
        )
        try check(code, "av_image_fill_black")
    }

    /// A copy of this yuv420p picture turned `quarterTurns` x 90 degrees clockwise, then
    /// flipped left to right when `mirrored` (see ``StreamParameters/uprightMirrored``).
    package func rotated(quarterTurns: Int, mirrored: Bool = false) throws(FFmpegError) -> Frame {
        let odd = quarterTurns % 2 != 0
        let result = try Frame.video(width: odd ? self.height : self.width, height: odd ? self.width : self.height)
        guard CFFmpegShims_rotateYUV420P(self.pointer, result.pointer, Int32(quarterTurns), mirrored ? 1 : 0) == 0 else {
            throw FFmpegError(code: FFmpegError.invalidArgument, function: "rotate", message: "only yuv420p pictures can be rotated")
        }
        return result
    }

    /// Blends `other` over this yuv420p picture in place: `self * (1 - weight) + other * weight`.
    package func blend(with other: Frame, weight: Double) throws(FFmpegError) {
        guard CFFmpegShims_blendYUV420P(self.pointer, other.pointer, self.pointer, weight) == 0 else {
            throw FFmpegError(code: FFmpegError.invalidArgument, function: "blend", message: "pictures differ in size")
        }
    }

    /// Fades `previous` out under the start of this planar-float block, in place: sample `i`
    /// becomes `previous[i] * (1 - w) + self[i] * w`, where `w` rises linearly over a fade of
    /// `length` samples of which `start` went before. Only the first `previous.sampleCount`
    /// samples change.
    package func crossfade(from previous: Frame, start: Int, length: Int) throws(FFmpegError) {
        let fltp = AV_SAMPLE_FMT_FLTP.rawValue
        let channels = Int(self.pointer.pointee.ch_layout.nb_channels)
        guard self.pointer.pointee.format == fltp, previous.pointer.pointee.format == fltp,
            previous.pointer.pointee.ch_layout.nb_channels == Int32(channels)
        else {
            throw FFmpegError(code: FFmpegError.invalidArgument, function: "crossfade", message: "sound blocks differ in format")
        }
        try self.makeWritable()
        let count = min(self.sampleCount, previous.sampleCount)
        for channel in 0..<channels {
            guard let target = self.pointer.pointee.extended_data[channel], let source = previous.pointer.pointee.extended_data[channel] else {
                continue
            }
            let into = UnsafeMutableRawPointer(target).assumingMemoryBound(to: Float.self)
            let from = UnsafeRawPointer(source).assumingMemoryBound(to: Float.self)
            for index in 0..<count {
                let weight = Float(start + index + 1) / Float(length + 1)
                into[index] = from[index] * (1 - weight) + into[index] * weight
            }
        }
    }
}

extension Frame {
    /// A new frame sharing this one's buffers (reference-counted, no pixels copied).
    ///
    /// The corresponding FFmpeg function is `av_frame_ref`.
    package func reference() throws(FFmpegError) -> Frame {
        let result = Frame()
        try check(av_frame_ref(result.pointer, self.pointer), "av_frame_ref")
        return result
    }

    /// A deep copy: new buffers with the same pixels or samples.
    ///
    /// The corresponding FFmpeg functions are `av_frame_get_buffer` and `av_frame_copy`.
    package func copy() throws(FFmpegError) -> Frame {
        let result = Frame()
        result.pointer.pointee.format = self.pointer.pointee.format
        result.pointer.pointee.width = self.pointer.pointee.width
        result.pointer.pointee.height = self.pointer.pointee.height
        result.pointer.pointee.nb_samples = self.pointer.pointee.nb_samples
        try check(av_channel_layout_copy(&result.pointer.pointee.ch_layout, &self.pointer.pointee.ch_layout), "av_channel_layout_copy")
        try check(av_frame_get_buffer(result.pointer, 0), "av_frame_get_buffer")
        try check(av_frame_copy(result.pointer, self.pointer), "av_frame_copy")
        try check(av_frame_copy_props(result.pointer, self.pointer), "av_frame_copy_props")
        return result
    }
}
