internal import CFFmpeg
internal import CFFmpegShims

/// libavfilter filters between buffer sources and one buffer sink: owns an `AVFilterGraph` from
/// `avfilter_graph_alloc`, freed with `avfilter_graph_free` (which frees every filter context in
/// it; the source and sink pointers kept here are borrowed from it).
///
/// Audio or video, a chain (one source) or a graph in libavfilter's syntax with several sources
/// (a mix). Frames go in with ``push(_:input:)`` in the shape given for their source;
/// ``pull(into:)`` takes what the last filter passes on, with the metadata filters attach
/// (`lavfi.r128.I`...). Conversions the filters need are inserted by libavfilter. Built by
/// ``audio(filters:like:timeBase:)``, ``audio(description:inputs:timeBase:)`` and
/// ``video(description:width:height:pixelFormat:timeBase:)``.
///
/// libavfilter is not linked but opened when the first graph is built
/// (`CFFmpegShims_loadFilters`), so the commands that never filter do not load it and its
/// dependencies at start; its functions are called through `CFFmpegShims_`-prefixed wrappers.
package final class FilterGraph {
    /// What flows through the graph: it picks the buffer source and sink filters.
    package enum Media: Sendable {
        case audio, video

        var source: String { self == .audio ? "abuffer" : "buffer" }
        var sink: String { self == .audio ? "abuffersink" : "buffersink" }
    }

    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private let sources: [UnsafeMutablePointer<AVFilterContext>]
    private let sink: UnsafeMutablePointer<AVFilterContext>

    /// Builds `source -> filters... -> sink`, each filter a name and its option string, e.g.
    /// `("ebur128", "peak=true:metadata=1")`; `source` is the buffer source's option string.
    ///
    /// The corresponding FFmpeg functions are `avfilter_graph_alloc`, `avfilter_graph_create_filter`,
    /// `avfilter_link` and `avfilter_graph_config`.
    package convenience init(_ media: Media, chain filters: [(name: String, options: String)], source: String) throws(FFmpegError) {
        try self.init(media) { graph throws(FFmpegError) in
            let input = try Self.create(graph, media.source, name: "in0", options: source)
            var previous = input
            for (index, filter) in filters.enumerated() {
                let context = try Self.create(graph, filter.name, name: "f\(index)", options: filter.options)
                try check(CFFmpegShims_avfilter_link(previous, context), "avfilter_link")
                previous = context
            }
            let sink = try Self.create(graph, media.sink, name: "out", options: nil)
            try check(CFFmpegShims_avfilter_link(previous, sink), "avfilter_link")
            return ([input], sink)
        }
    }

    /// Builds a graph from `description`, in libavfilter's syntax, whose open inputs are
    /// labelled `in0`, `in1`... (one per entry of `sources`, each a buffer source's option
    /// string) and whose one open output is labelled `out`, e.g. `[in0][in1]amix=inputs=2[out]`.
    ///
    /// The corresponding FFmpeg functions are `avfilter_graph_alloc`, `avfilter_graph_create_filter`,
    /// `avfilter_graph_parse_ptr` and `avfilter_graph_config`.
    package convenience init(_ media: Media, description: String, sources: [String]) throws(FFmpegError) {
        try self.init(media) { graph throws(FFmpegError) in
            // The open ends handed to the parser: owned here, freed with avfilter_inout_free.
            var opened: UnsafeMutablePointer<AVFilterInOut>? = nil
            var closing: UnsafeMutablePointer<AVFilterInOut>? = nil
            defer {
                CFFmpegShims_avfilter_inout_free(&opened)
                CFFmpegShims_avfilter_inout_free(&closing)
            }
            var inputs: [UnsafeMutablePointer<AVFilterContext>] = []
            for (index, arguments) in sources.enumerated() {
                inputs.append(try Self.create(graph, media.source, name: "in\(index)", options: arguments))
            }
            let sink = try Self.create(graph, media.sink, name: "out", options: nil)
            for (index, input) in inputs.enumerated().reversed() {
                opened = try Self.openEnd(named: "in\(index)", context: input, next: opened)
            }
            closing = try Self.openEnd(named: "out", context: sink, next: nil)
            try check(CFFmpegShims_avfilter_graph_parse_ptr(graph, description, &closing, &opened), "avfilter_graph_parse_ptr")
            return (inputs, sink)
        }
    }

    /// Allocates the graph, lets `build` add its filters, configures it; frees it on any failure.
    private init(
        _ media: Media,
        build: (UnsafeMutablePointer<AVFilterGraph>) throws(FFmpegError) -> (
            sources: [UnsafeMutablePointer<AVFilterContext>], sink: UnsafeMutablePointer<AVFilterContext>
        )
    ) throws(FFmpegError) {
        if let failure = CFFmpegShims_loadFilters() {
            throw FFmpegError(code: FFmpegError.filterNotFound, function: "dlopen", message: String(cString: failure))
        }
        guard let graph = CFFmpegShims_avfilter_graph_alloc() else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avfilter_graph_alloc")
        }
        // One thread: the caller's; a graph per file must not start a pool of its own per core.
        graph.pointee.nb_threads = 1
        do {
            (self.sources, self.sink) = try build(graph)
            try check(CFFmpegShims_avfilter_graph_config(graph), "avfilter_graph_config")
        } catch {
            var owned: UnsafeMutablePointer<AVFilterGraph>? = graph
            CFFmpegShims_avfilter_graph_free(&owned)
            throw error
        }
        self.graph = graph
    }

    deinit {
        CFFmpegShims_avfilter_graph_free(&self.graph)
    }

    /// Feeds one frame to source `input`; the caller keeps its reference.
    ///
    /// The corresponding FFmpeg function is `av_buffersrc_add_frame_flags` with `AV_BUFFERSRC_FLAG_KEEP_REF`.
    package func push(_ frame: Frame, input: Int = 0) throws(FFmpegError) {
        try check(
            CFFmpegShims_av_buffersrc_add_frame_flags(self.sources[input], frame.pointer, Int32(AV_BUFFERSRC_FLAG_KEEP_REF)),
            "av_buffersrc_add_frame_flags"
        )
    }

    /// Tells the filters no more frames follow on source `input`, so they pass on what they hold.
    ///
    /// The corresponding FFmpeg function is `av_buffersrc_add_frame_flags` with a null frame.
    package func pushEndOfStream(input: Int = 0) throws(FFmpegError) {
        try check(CFFmpegShims_av_buffersrc_add_frame_flags(self.sources[input], nil, 0), "av_buffersrc_add_frame_flags")
    }

    /// Takes the next filtered frame, if one is ready.
    ///
    /// The corresponding FFmpeg function is `av_buffersink_get_frame`.
    package func pull(into frame: Frame) throws(FFmpegError) -> DecodeStep {
        let code = CFFmpegShims_av_buffersink_get_frame(self.sink, frame.pointer)
        if code == FFmpegError.tryAgain { return .needsInput }
        if code == FFmpegError.endOfFile { return .endOfStream }
        try check(code, "av_buffersink_get_frame")
        return .frame
    }

    private static func create(
        _ graph: UnsafeMutablePointer<AVFilterGraph>, _ filter: String, name: String, options: String?
    ) throws(FFmpegError) -> UnsafeMutablePointer<AVFilterContext> {
        var context: UnsafeMutablePointer<AVFilterContext>? = nil
        let code = CFFmpegShims_avfilter_graph_create_filter(&context, filter, name, options, graph)
        if code == FFmpegError.filterNotFound {
            throw FFmpegError(code: code, function: "avfilter_get_by_name", message: "libavfilter has no \(filter) filter")
        }
        try check(code, "avfilter_graph_create_filter")
        guard let context else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avfilter_graph_create_filter")
        }
        return context
    }

    /// One labelled open end of a graph being parsed, put before `next`.
    private static func openEnd(
        named name: String, context: UnsafeMutablePointer<AVFilterContext>, next: UnsafeMutablePointer<AVFilterInOut>?
    ) throws(FFmpegError) -> UnsafeMutablePointer<AVFilterInOut> {
        guard let entry = CFFmpegShims_avfilter_inout_alloc() else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avfilter_inout_alloc")
        }
        guard let label = av_strdup(name) else {
            var owned: UnsafeMutablePointer<AVFilterInOut>? = entry
            CFFmpegShims_avfilter_inout_free(&owned)
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "av_strdup")
        }
        entry.pointee.name = label
        entry.pointee.filter_ctx = context
        entry.pointee.pad_idx = 0
        entry.pointee.next = next
        return entry
    }
}
