internal import CFFmpeg

/// Converts decoded audio to one sample rate, channel layout and float format (planar, or
/// interleaved for encoders that take that): owns an `SwrContext`, freed with `swr_free`,
/// re-made when the input's shape changes.
package final class Resampler {
    private var context: OpaquePointer?
    private var inputShape: (rate: Int32, format: Int32, channels: Int32)?
    package let sampleRate: Int
    package let channels: Int
    private let format: AVSampleFormat

    package init(sampleRate: Int = 48_000, channels: Int = 2, interleaved: Bool = false) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.format = interleaved ? AV_SAMPLE_FMT_FLT : AV_SAMPLE_FMT_FLTP
    }

    deinit {
        swr_free(&self.context)
    }

    /// Converts `frame`, returning a new float frame (possibly with no samples yet:
    /// the resampler keeps a few for filtering).
    ///
    /// The corresponding FFmpeg functions are `swr_alloc_set_opts2`, `swr_init` and `swr_convert_frame`.
    /// A frame whose channel layout is only a count (a WAV without a channel mask) is given the
    /// default layout for that count first: `swr_convert_frame` refuses a frame whose layout
    /// differs from the one its context was made with.
    package func convert(_ frame: Frame) throws(FFmpegError) -> Frame {
        let input = frame.pointer
        if input.pointee.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC {
            let channels = max(1, input.pointee.ch_layout.nb_channels)
            av_channel_layout_uninit(&input.pointee.ch_layout)
            av_channel_layout_default(&input.pointee.ch_layout, channels)
        }
        let shape = (input.pointee.sample_rate, input.pointee.format, input.pointee.ch_layout.nb_channels)
        if self.context == nil || self.inputShape.map({ $0 != shape }) ?? true {
            swr_free(&self.context)
            var outputLayout = AVChannelLayout()
            av_channel_layout_default(&outputLayout, Int32(self.channels))
            var inputLayout = input.pointee.ch_layout
            try check(
                swr_alloc_set_opts2(
                    &self.context, &outputLayout, self.format, Int32(self.sampleRate),
                    &inputLayout, AVSampleFormat(input.pointee.format), input.pointee.sample_rate, 0, nil
                ),
                "swr_alloc_set_opts2"
            )
            try check(swr_init(self.context), "swr_init")
            self.inputShape = shape
        }
        let output = Frame()
        output.pointer.pointee.format = self.format.rawValue
        output.pointer.pointee.sample_rate = Int32(self.sampleRate)
        av_channel_layout_default(&output.pointer.pointee.ch_layout, Int32(self.channels))
        try check(swr_convert_frame(self.context, output.pointer, input), "swr_convert_frame")
        return output
    }
}
