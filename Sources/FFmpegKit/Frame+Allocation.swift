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
