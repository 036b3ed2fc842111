internal import CFFmpeg

extension FilterGraph {
    /// `abuffer -> filters... -> abuffersink` for audio frames shaped like `frame` (its sample
    /// rate, format and channel layout) whose timestamps count `timeBase`, e.g.
    /// `[("ebur128", "peak=true:metadata=1")]`.
    package static func audio(
        filters: [(name: String, options: String)], like frame: Frame, timeBase: Rational
    ) throws(FFmpegError)
        -> FilterGraph
    {
        try FilterGraph(.audio, chain: filters, source: Self.audioSource(frame, timeBase: timeBase))
    }

    /// An audio graph from `description` with one source per entry of `inputs` (frames shaped
    /// like it), labelled `in0`, `in1`..., and its output labelled `out`.
    package static func audio(description: String, inputs: [Frame], timeBase: Rational) throws(FFmpegError) -> FilterGraph {
        var sources: [String] = []
        for frame in inputs { sources.append(try Self.audioSource(frame, timeBase: timeBase)) }
        return try FilterGraph(.audio, description: description, sources: sources)
    }

    /// `buffer -> description -> buffersink` for pictures of `width` x `height` in `pixelFormat`
    /// whose timestamps count `timeBase`. The description's first filter takes the pictures and
    /// its last gives them, e.g. `split[a][b];[a]palettegen[p];[b][p]paletteuse` (for what needs
    /// every picture before it gives one: push them all, then ``pushEndOfStream(input:)``, then
    /// pull until the end).
    package static func video(
        description: String, width: Int, height: Int, pixelFormat: String = "yuv420p", timeBase: Rational
    ) throws(FFmpegError) -> FilterGraph {
        let source =
            "video_size=\(width)x\(height):pix_fmt=\(pixelFormat)"
            + ":time_base=\(timeBase.numerator)/\(timeBase.denominator):pixel_aspect=1/1"
        return try FilterGraph(.video, description: "[in0]\(description)[out]", sources: [source])
    }

    /// The `abuffer` options describing `frame`: time base, sample rate, format and layout.
    private static func audioSource(_ frame: Frame, timeBase: Rational) throws(FFmpegError) -> String {
        let input = frame.pointer.pointee
        guard input.sample_rate > 0, input.ch_layout.nb_channels > 0,
            let formatName = av_get_sample_fmt_name(AVSampleFormat(input.format))
        else {
            throw FFmpegError(
                code: FFmpegError.invalidArgument, function: "avfilter_graph_create_filter",
                message: "audio frame without a sample rate, format or channels"
            )
        }
        var layout = AVChannelLayout()
        defer { av_channel_layout_uninit(&layout) }
        if input.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC {
            av_channel_layout_default(&layout, input.ch_layout.nb_channels)
        } else {
            try check(av_channel_layout_copy(&layout, &frame.pointer.pointee.ch_layout), "av_channel_layout_copy")
        }
        let layoutName = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 128) { buffer -> String in
            guard let base = buffer.baseAddress, av_channel_layout_describe(&layout, base, 128) >= 0 else { return "" }
            return String(cString: base)
        }
        let base = timeBase.numerator > 0 && timeBase.denominator > 0 ? timeBase : Rational(1, input.sample_rate)
        return "time_base=\(base.numerator)/\(base.denominator):sample_rate=\(input.sample_rate)"
            + ":sample_fmt=\(String(cString: formatName)):channel_layout=\(layoutName)"
    }
}
