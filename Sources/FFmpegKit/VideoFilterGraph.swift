internal import CFFmpeg

/// A libavfilter video graph described in ffmpeg's `-filter_complex` syntax between one buffer
/// source and one buffer sink: owns an `AVFilterGraph` from `avfilter_graph_alloc`, freed with
/// `avfilter_graph_free` (which frees every filter context in it; the source and sink pointers
/// kept here are borrowed from it).
///
/// Used for what needs every picture before it can give one (`palettegen`/`paletteuse` for
/// GIF): push the pictures, then ``pushEndOfStream()``, then ``pull(into:)`` until the end.
package final class VideoFilterGraph {
    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private let source: UnsafeMutablePointer<AVFilterContext>
    private let sink: UnsafeMutablePointer<AVFilterContext>

    /// Builds `buffer -> description -> buffersink` for pictures of `width` x `height` in
    /// `pixelFormat` whose timestamps count `timeBase`.
    ///
    /// The corresponding FFmpeg functions are `avfilter_graph_alloc`, `avfilter_graph_create_filter`,
    /// `avfilter_graph_parse_ptr` and `avfilter_graph_config`.
    /// - Parameter description: filters with one unlabelled input and output, e.g.
    ///   `split[a][b];[a]palettegen[p];[b][p]paletteuse`.
    package init(description: String, width: Int, height: Int, pixelFormat: String = "yuv420p", timeBase: Rational) throws(FFmpegError) {
        guard let graph = avfilter_graph_alloc() else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avfilter_graph_alloc")
        }
        // One thread: the caller's; a graph per file must not start a pool per core.
        graph.pointee.nb_threads = 1
        var outputs = avfilter_inout_alloc()
        var inputs = avfilter_inout_alloc()
        defer {
            avfilter_inout_free(&outputs)
            avfilter_inout_free(&inputs)
        }
        do throws(FFmpegError) {
            guard let output = outputs, let input = inputs else {
                throw FFmpegError(code: FFmpegError.outOfMemory, function: "avfilter_inout_alloc")
            }
            let arguments = "video_size=\(width)x\(height):pix_fmt=\(pixelFormat):time_base=\(timeBase.numerator)/\(timeBase.denominator):pixel_aspect=1/1"
            let source = try Self.create(graph, "buffer", name: "in", options: arguments)
            let sink = try Self.create(graph, "buffersink", name: "out", options: nil)
            // The open ends of `description`: its input is fed by "in", its output feeds "out".
            output.pointee.name = av_strdup("in")
            output.pointee.filter_ctx = source
            output.pointee.pad_idx = 0
            output.pointee.next = nil
            input.pointee.name = av_strdup("out")
            input.pointee.filter_ctx = sink
            input.pointee.pad_idx = 0
            input.pointee.next = nil
            try check(avfilter_graph_parse_ptr(graph, description, &inputs, &outputs, nil), "avfilter_graph_parse_ptr")
            try check(avfilter_graph_config(graph, nil), "avfilter_graph_config")
            self.source = source
            self.sink = sink
        } catch {
            var owned: UnsafeMutablePointer<AVFilterGraph>? = graph
            avfilter_graph_free(&owned)
            throw error
        }
        self.graph = graph
    }

    deinit {
        avfilter_graph_free(&self.graph)
    }

    /// Feeds one picture; the caller keeps its reference.
    ///
    /// The corresponding FFmpeg function is `av_buffersrc_add_frame_flags` with `AV_BUFFERSRC_FLAG_KEEP_REF`.
    package func push(_ frame: Frame) throws(FFmpegError) {
        try check(
            av_buffersrc_add_frame_flags(self.source, frame.pointer, Int32(AV_BUFFERSRC_FLAG_KEEP_REF)),
            "av_buffersrc_add_frame_flags"
        )
    }

    /// Tells the filters no more pictures follow, so they pass on what they hold.
    ///
    /// The corresponding FFmpeg function is `av_buffersrc_add_frame_flags` with a null frame.
    package func pushEndOfStream() throws(FFmpegError) {
        try check(av_buffersrc_add_frame_flags(self.source, nil, 0), "av_buffersrc_add_frame_flags")
    }

    /// Takes the next filtered picture, if one is ready.
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
            throw FFmpegError(code: FFmpegError.invalidArgument, function: "avfilter_get_by_name", message: "libavfilter has no \(filter) filter")
        }
        var context: UnsafeMutablePointer<AVFilterContext>? = nil
        try check(avfilter_graph_create_filter(&context, definition, name, options, nil, graph), "avfilter_graph_create_filter")
        guard let context else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avfilter_graph_create_filter")
        }
        return context
    }
}
