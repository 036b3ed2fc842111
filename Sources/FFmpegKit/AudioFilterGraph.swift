internal import CFFmpeg

/// libavfilter audio filters between buffer sources and a buffer sink: owns an `AVFilterGraph`
/// from `avfilter_graph_alloc`, freed with `avfilter_graph_free` (which frees every filter
/// context in it; the source and sink pointers kept here are borrowed from it).
///
/// Either a chain (one source) or a graph described in libavfilter's syntax with several
/// sources (a mix). Frames go in with ``push(_:input:)`` in the shape given for their source;
/// ``pull(into:)`` takes what the last filter passes on, with the metadata filters attach
/// (`lavfi.r128.I`...). Conversions the filters need (sample rate, sample format) are
/// inserted by libavfilter.
package final class AudioFilterGraph {
    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private let sources: [UnsafeMutablePointer<AVFilterContext>]
    private let sink: UnsafeMutablePointer<AVFilterContext>

    /// Builds `abuffer -> filters... -> abuffersink` for frames shaped like `frame`.
    ///
    /// The corresponding FFmpeg functions are `avfilter_graph_alloc`, `avfilter_graph_create_filter`,
    /// `avfilter_link` and `avfilter_graph_config`.
    /// - Parameters:
    ///   - filters: filter names and their option strings, e.g. `("ebur128", "peak=true:metadata=1")`.
    ///   - frame: a decoded audio frame: its sample rate, format and channel layout.
    ///   - timeBase: the time base of the frames' timestamps.
    package init(filters: [(name: String, options: String)], like frame: Frame, timeBase: Rational) throws(FFmpegError) {
        guard let graph = avfilter_graph_alloc() else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avfilter_graph_alloc")
        }
        // One thread: ebur128 and the like run on the caller's thread; a graph per file must
        // not start a pool of its own per core.
        graph.pointee.nb_threads = 1
        do {
            let arguments = try Self.sourceArguments(frame, timeBase: timeBase)
            let source = try Self.create(graph, "abuffer", name: "in", options: arguments)
            var previous = source
            for (index, filter) in filters.enumerated() {
                let context = try Self.create(graph, filter.name, name: "f\(index)", options: filter.options)
                try check(avfilter_link(previous, 0, context, 0), "avfilter_link")
                previous = context
            }
            let sink = try Self.create(graph, "abuffersink", name: "out", options: nil)
            try check(avfilter_link(previous, 0, sink, 0), "avfilter_link")
            try check(avfilter_graph_config(graph, nil), "avfilter_graph_config")
            self.sources = [source]
            self.sink = sink
        } catch {
            var owned: UnsafeMutablePointer<AVFilterGraph>? = graph
            avfilter_graph_free(&owned)
            throw error
        }
        self.graph = graph
    }

    /// Builds a graph from `description`, in libavfilter's syntax, whose open inputs are
    /// labelled `in0`, `in1`... (one per entry of `inputs`, a frame shaped like those that
    /// source takes) and whose one open output is labelled `out`, e.g.
    /// `[in0][in1]amix=inputs=2[out]`.
    ///
    /// The corresponding FFmpeg functions are `avfilter_graph_alloc`, `avfilter_graph_create_filter`,
    /// `avfilter_graph_parse_ptr` and `avfilter_graph_config`.
    package init(description: String, inputs: [Frame], timeBase: Rational) throws(FFmpegError) {
        guard let graph = avfilter_graph_alloc() else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avfilter_graph_alloc")
        }
        graph.pointee.nb_threads = 1
        // The open ends handed to the parser: owned here, freed with avfilter_inout_free.
        var opened: UnsafeMutablePointer<AVFilterInOut>? = nil
        var closing: UnsafeMutablePointer<AVFilterInOut>? = nil
        defer {
            avfilter_inout_free(&opened)
            avfilter_inout_free(&closing)
        }
        do {
            var sources: [UnsafeMutablePointer<AVFilterContext>] = []
            for (index, frame) in inputs.enumerated() {
                let arguments = try Self.sourceArguments(frame, timeBase: timeBase)
                sources.append(try Self.create(graph, "abuffer", name: "in\(index)", options: arguments))
            }
            let sink = try Self.create(graph, "abuffersink", name: "out", options: nil)
            for (index, source) in sources.enumerated().reversed() {
                opened = try Self.openEnd(named: "in\(index)", context: source, next: opened)
            }
            closing = try Self.openEnd(named: "out", context: sink, next: nil)
            try check(avfilter_graph_parse_ptr(graph, description, &closing, &opened, nil), "avfilter_graph_parse_ptr")
            try check(avfilter_graph_config(graph, nil), "avfilter_graph_config")
            self.sources = sources
            self.sink = sink
        } catch {
            var owned: UnsafeMutablePointer<AVFilterGraph>? = graph
            avfilter_graph_free(&owned)
            throw error
        }
        self.graph = graph
    }

    /// One labelled open end of a graph being parsed, put before `next`.
    private static func openEnd(
        named name: String, context: UnsafeMutablePointer<AVFilterContext>, next: UnsafeMutablePointer<AVFilterInOut>?
    ) throws(FFmpegError) -> UnsafeMutablePointer<AVFilterInOut> {
        guard let entry = avfilter_inout_alloc() else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avfilter_inout_alloc")
        }
        guard let label = av_strdup(name) else {
            var owned: UnsafeMutablePointer<AVFilterInOut>? = entry
            avfilter_inout_free(&owned)
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "av_strdup")
        }
        entry.pointee.name = label
        entry.pointee.filter_ctx = context
        entry.pointee.pad_idx = 0
        entry.pointee.next = next
        return entry
    }

    /// The `abuffer` options describing `frame`: time base, sample rate, format and layout.
    private static func sourceArguments(_ frame: Frame, timeBase: Rational) throws(FFmpegError) -> String {
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

    deinit {
        avfilter_graph_free(&self.graph)
    }

    /// Feeds one frame to source `input`; the caller keeps its reference.
    ///
    /// The corresponding FFmpeg function is `av_buffersrc_add_frame_flags` with `AV_BUFFERSRC_FLAG_KEEP_REF`.
    package func push(_ frame: Frame, input: Int = 0) throws(FFmpegError) {
        try check(
            av_buffersrc_add_frame_flags(self.sources[input], frame.pointer, Int32(AV_BUFFERSRC_FLAG_KEEP_REF)),
            "av_buffersrc_add_frame_flags"
        )
    }

    /// Tells the filters no more frames follow on source `input`, so they pass on what they hold.
    ///
    /// The corresponding FFmpeg function is `av_buffersrc_add_frame_flags` with a null frame.
    package func pushEndOfStream(input: Int = 0) throws(FFmpegError) {
        try check(av_buffersrc_add_frame_flags(self.sources[input], nil, 0), "av_buffersrc_add_frame_flags")
    }

    /// Takes the next filtered frame, if one is ready.
    ///
    /// The corresponding FFmpeg function is `av_buffersink_get_frame`.
    package func pull(into frame: Frame) throws(FFmpegError) -> DecodeStep {
        let code = av_buffersink_get_frame(self.sink, frame.pointer)
        if code == FFmpegError.tryAgain { return .needsInput }
        if code == FFmpegError.endOfFile { return .endOfStream }
        try check(code, "av_buffersink_get_frame")
        return .frame
    }

    private static func create(
        _ graph: UnsafeMutablePointer<AVFilterGraph>, _ filter: String, name: String, options: String?
    ) throws(FFmpegError) -> UnsafeMutablePointer<AVFilterContext> {
        guard let definition = avfilter_get_by_name(filter) else {
            throw FFmpegError(
                code: FFmpegError.invalidArgument, function: "avfilter_get_by_name",
                message: "libavfilter has no \(filter) filter"
            )
        }
        var context: UnsafeMutablePointer<AVFilterContext>? = nil
        try check(avfilter_graph_create_filter(&context, definition, name, options, nil, graph), "avfilter_graph_create_filter")
        guard let context else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avfilter_graph_create_filter")
        }
        return context
    }
}
