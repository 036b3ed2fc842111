internal import CFFmpeg

/// A file being written: owns the `AVFormatContext` from `avformat_alloc_output_context2` and
/// its `AVIOContext` from `avio_open2`, closed with `avio_closep` and freed with
/// `avformat_free_context`. A separate type from ``InputFormatContext``: the two have
/// different owners and lifecycles in FFmpeg.
package final class OutputFormatContext {
    private let pointer: UnsafeMutablePointer<AVFormatContext>
    private var headerWritten = false
    /// The path being written.
    package let path: String

    /// Creates the file at `path` with the muxer `format` (`mp4`, `image2`...).
    ///
    /// The corresponding FFmpeg functions are `avformat_alloc_output_context2` and `avio_open2`.
    package init(path: String, format: String = "mp4") throws(FFmpegError) {
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        try check(avformat_alloc_output_context2(&context, nil, format, path), "avformat_alloc_output_context2")
        guard let context else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avformat_alloc_output_context2")
        }
        if context.pointee.oformat.pointee.flags & AVFMT_NOFILE == 0 {
            let code = avio_open2(&context.pointee.pb, "file:" + path, AVIO_FLAG_WRITE, nil, nil)
            if code < 0 {
                avformat_free_context(context)
                throw FFmpegError(code: code, function: "avio_open2")
            }
        }
        self.pointer = context
        self.path = path
    }

    deinit {
        if self.pointer.pointee.pb != nil {
            avio_closep(&self.pointer.pointee.pb)
        }
        avformat_free_context(self.pointer)
    }

    /// Whether encoders feeding this muxer must put codec setup in extradata
    /// (`AV_CODEC_FLAG_GLOBAL_HEADER`), as MP4 requires.
    package var needsGlobalHeader: Bool {
        self.pointer.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER != 0
    }

    /// Adds a stream that `encoder` feeds; returns its index.
    ///
    /// The corresponding FFmpeg functions are `avformat_new_stream` and `avcodec_parameters_from_context`.
    package func addStream(from encoder: Encoder) throws(FFmpegError) -> Int {
        guard let stream = avformat_new_stream(self.pointer, nil) else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avformat_new_stream")
        }
        try encoder.copyParameters(to: stream.pointee.codecpar)
        stream.pointee.time_base = encoder.timeBase.av
        return Int(stream.pointee.index)
    }

    /// Adds a stream that carries `input`'s stream `index` unchanged (stream copy); returns its index.
    ///
    /// The corresponding FFmpeg functions are `avformat_new_stream` and `avcodec_parameters_copy`.
    package func addStream(copying index: Int, of input: InputFormatContext) throws(FFmpegError) -> Int {
        guard let source = input.codecParameters(index) else {
            throw FFmpegError(code: FFmpegError.streamNotFound, function: "avcodec_parameters_copy")
        }
        guard let stream = avformat_new_stream(self.pointer, nil) else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avformat_new_stream")
        }
        try check(avcodec_parameters_copy(stream.pointee.codecpar, source), "avcodec_parameters_copy")
        // Let the muxer choose the tag: a QuickTime tag may not be valid in MP4.
        stream.pointee.codecpar.pointee.codec_tag = 0
        stream.pointee.time_base = input.streams[index].timeBase.av
        try Self.copySideData(from: input.pointer.pointee.streams[index], to: stream)
        return Int(stream.pointee.index)
    }

    /// Copies a stream's side data (the display matrix that says how to turn the picture,
    /// among others): without it a copied portrait clip plays sideways.
    ///
    /// The corresponding FFmpeg function is `av_stream_new_side_data`; the new entries belong
    /// to the output stream and are freed with the context.
    private static func copySideData(
        from source: UnsafeMutablePointer<AVStream>?, to target: UnsafeMutablePointer<AVStream>
    )
        throws(FFmpegError)
    {
        guard let source, let entries = source.pointee.side_data else { return }
        for item in 0..<Int(max(0, source.pointee.nb_side_data)) {
            let entry = entries[item]
            guard let data = entry.data, entry.size > 0 else { continue }
            guard let copy = av_stream_new_side_data(target, entry.type, entry.size) else {
                throw FFmpegError(code: FFmpegError.outOfMemory, function: "av_stream_new_side_data")
            }
            copy.update(from: data, count: entry.size)
        }
    }

    /// Sets a stream's metadata entry (e.g. `handler_name`, `language`).
    package func setMetadata(stream: Int, _ key: String, _ value: String) {
        av_dict_set(&self.pointer.pointee.streams[stream]!.pointee.metadata, key, value, 0)
    }

    /// Adds a chapter mark; call before ``writeHeader(options:)``.
    ///
    /// The chapter is allocated with `av_mallocz` and handed to the context, which frees it
    /// in `avformat_free_context`.
    package func addChapter(_ chapter: Chapter) throws(FFmpegError) {
        guard let raw = av_mallocz(MemoryLayout<AVChapter>.size) else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "av_mallocz")
        }
        let entry = raw.bindMemory(to: AVChapter.self, capacity: 1)
        let count = Int(self.pointer.pointee.nb_chapters)
        entry.pointee.id = Int64(count + 1)
        entry.pointee.time_base = Rational(1, 1000).av
        entry.pointee.start = Int64((chapter.start * 1000).rounded())
        entry.pointee.end = Int64((chapter.end * 1000).rounded())
        if let title = chapter.title {
            av_dict_set(&entry.pointee.metadata, "title", title, 0)
        }
        var chapters = self.pointer.pointee.chapters
        var total = Int32(count)
        let code = av_dynarray_add_nofree(&chapters, &total, raw)
        if code < 0 {
            av_dict_free(&entry.pointee.metadata)
            av_free(raw)
            throw FFmpegError(code: code, function: "av_dynarray_add_nofree")
        }
        self.pointer.pointee.chapters = chapters
        self.pointer.pointee.nb_chapters = UInt32(total)
    }

    /// Writes the container header. `options` are muxer options such as `movflags=+faststart`.
    ///
    /// The corresponding FFmpeg function is `avformat_write_header`.
    package func writeHeader(options: KeyValuePairs<String, String> = [:]) throws(FFmpegError) {
        let dictionary = FFmpegDictionary(options)
        try check(avformat_write_header(self.pointer, &dictionary.pointer), "avformat_write_header")
        self.headerWritten = true
    }

    /// The time base the muxer chose for `stream` (valid after ``writeHeader(options:)``).
    package func timeBase(of stream: Int) -> Rational {
        Rational(self.pointer.pointee.streams[stream]!.pointee.time_base)
    }

    /// Writes one packet whose timestamps are in the time base of its stream, as given by
    /// ``timeBase(of:)``. The packet is emptied.
    ///
    /// The corresponding FFmpeg function is `av_interleaved_write_frame`.
    package func write(_ packet: Packet) throws(FFmpegError) {
        try check(av_interleaved_write_frame(self.pointer, packet.pointer), "av_interleaved_write_frame")
    }

    /// Flushes interleaving queues and writes the trailer (the `moov` box for MP4).
    ///
    /// The corresponding FFmpeg function is `av_write_trailer`.
    package func finish() throws(FFmpegError) {
        guard self.headerWritten else { return }
        try check(av_write_trailer(self.pointer), "av_write_trailer")
        self.headerWritten = false
        if self.pointer.pointee.pb != nil {
            try check(avio_closep(&self.pointer.pointee.pb), "avio_closep")
        }
    }
}
