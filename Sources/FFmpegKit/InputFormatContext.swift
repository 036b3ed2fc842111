internal import CFFmpeg

/// An open input file: owns the `AVFormatContext` from `avformat_open_input` and closes it
/// with `avformat_close_input`.
///
/// Opening applies the untrusted-media rules: only the demuxers in
/// ``InputOptions/allowedFormats``, only the `file` protocol, bounded probing, a stream cap
/// and a deadline polled through `interrupt_callback`. Not `Sendable`: use it on one thread.
package final class InputFormatContext {
    let pointer: UnsafeMutablePointer<AVFormatContext>
    /// Polled by FFmpeg during every read; cancel it to stop work from another thread.
    package let interruption: Interruption
    /// Errors the demuxer logged while opening and reading.
    package let log: LogCollector
    /// Container fields, read once after opening.
    package let format: FormatParameters
    /// Every stream, read once after opening.
    package let streams: [StreamParameters]

    /// Opens and probes `path` (without probing when `options.probesStreams` is off).
    ///
    /// The corresponding FFmpeg functions are `avformat_open_input` and `avformat_find_stream_info`.
    /// - Throws: ``FFmpegError`` whose message is the demuxer's own complaint when it logged one
    ///   (for example "moov atom not found").
    package init(
        path: String, options: InputOptions = InputOptions(), interruption: Interruption? = nil
    )
        throws(FFmpegError)
    {
        _ = FFmpegLimits.installed
        let interruption = interruption ?? Interruption(timeLimit: options.timeLimit)
        let log = LogCollector()
        guard let context = avformat_alloc_context() else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avformat_alloc_context")
        }
        context.pointee.interrupt_callback = interruption.callback
        context.pointee.opaque = log.opaque

        let dictionary = FFmpegDictionary([
            "format_whitelist": options.allowedFormats.joined(separator: ","),
            "protocol_whitelist": "file",
            "probesize": String(options.probeSize),
            "analyzeduration": String(options.analyzeDuration.microseconds),
            "max_streams": String(options.maxStreams),
        ])
        interruption.setOpening(true)
        defer { interruption.setOpening(false) }
        var opened: UnsafeMutablePointer<AVFormatContext>? = context
        // "file:" keeps a name with a colon from being read as another protocol.
        let code = avformat_open_input(&opened, "file:" + path, nil, &dictionary.pointer)
        guard code >= 0, let opened else {
            // avformat_open_input frees the context on failure.
            throw Self.error(code, "avformat_open_input", log, interruption)
        }
        let findCode = options.probesStreams ? avformat_find_stream_info(opened, nil) : 0
        if findCode < 0 {
            var context: UnsafeMutablePointer<AVFormatContext>? = opened
            avformat_close_input(&context)
            throw Self.error(findCode, "avformat_find_stream_info", log, interruption)
        }
        self.pointer = opened
        self.interruption = interruption
        self.log = log
        self.format = Self.formatParameters(opened)
        self.streams = (0..<Int(opened.pointee.nb_streams)).map { Self.streamParameters(opened, $0) }
    }

    deinit {
        var context: UnsafeMutablePointer<AVFormatContext>? = self.pointer
        avformat_close_input(&context)
    }

    /// Reads the next packet of any stream into `packet` (unreferencing what it held).
    ///
    /// The corresponding FFmpeg function is `av_read_frame`.
    /// - Returns: `false` at the end of the file.
    package func read(into packet: Packet) throws(FFmpegError) -> Bool {
        packet.unref()
        let code = av_read_frame(self.pointer, packet.pointer)
        if code == FFmpegError.endOfFile { return false }
        if code < 0 { throw Self.error(code, "av_read_frame", self.log, self.interruption) }
        return true
    }

    /// Seeks `stream` to the keyframe at or before `timestamp` (in the stream's time base).
    ///
    /// The corresponding FFmpeg function is `avformat_seek_file`.
    package func seek(stream: Int, to timestamp: Int64) throws(FFmpegError) {
        let code = avformat_seek_file(self.pointer, Int32(stream), .min, timestamp, timestamp, 0)
        try check(code, "avformat_seek_file")
    }

    /// The index of the stream FFmpeg considers the main one of `type`, or `nil` when none decodes.
    ///
    /// The corresponding FFmpeg function is `av_find_best_stream`.
    package func bestStream(_ type: MediaType) -> Int? {
        let mediaType: AVMediaType = type == .audio ? AVMEDIA_TYPE_AUDIO : AVMEDIA_TYPE_VIDEO
        let index = av_find_best_stream(self.pointer, mediaType, -1, -1, nil, 0)
        return index >= 0 ? Int(index) : nil
    }

    /// The largest timestamp in the demuxer's index of `stream` (in its time base): where the
    /// samples really end, whatever duration the container claims. `nil` without an index.
    ///
    /// The corresponding FFmpeg functions are `avformat_index_get_entries_count` and `avformat_index_get_entry`.
    package func lastIndexedTimestamp(stream: Int) -> Int64? {
        guard stream >= 0, stream < Int(self.pointer.pointee.nb_streams), let avStream = self.pointer.pointee.streams[stream] else {
            return nil
        }
        let count = avformat_index_get_entries_count(avStream)
        guard count > 0 else { return nil }
        var latest: Int64? = nil
        // Presentation order differs from decode order near the end; look at the last few.
        for index in max(0, count - 16)..<count {
            if let entry = avformat_index_get_entry(avStream, index) {
                latest = max(latest ?? entry.pointee.timestamp, entry.pointee.timestamp)
            }
        }
        return latest
    }

    /// Where a file cut short really ends for `stream`: `nil` when every sample the demuxer's
    /// index lists lies wholly inside the file (or there is no index or known size), else the
    /// largest timestamp among the samples that can be read (`nil` inside when none can).
    /// Reading stops at the first sample of any stream whose bytes run past the end of the
    /// file, so only samples before that one count.
    ///
    /// The corresponding FFmpeg functions are `avio_size`, `avformat_index_get_entries_count`
    /// and `avformat_index_get_entry`.
    package func cutShortIndex(stream: Int) -> CutShort? {
        guard stream >= 0, stream < Int(self.pointer.pointee.nb_streams), let avStream = self.pointer.pointee.streams[stream],
            let io = self.pointer.pointee.pb
        else { return nil }
        let fileSize = avio_size(io)
        guard fileSize > 0 else { return nil }
        // Where the first sample that is not wholly in the file starts, over every stream.
        var readableLimit: Int64? = nil
        for other in 0..<Int(self.pointer.pointee.nb_streams) {
            guard let otherStream = self.pointer.pointee.streams[other] else { continue }
            for index in 0..<avformat_index_get_entries_count(otherStream) {
                guard let entry = avformat_index_get_entry(otherStream, index) else { continue }
                let end = entry.pointee.pos.addingReportingOverflow(Int64(entry.pointee.size))
                if end.overflow || end.partialValue > fileSize {
                    readableLimit = min(readableLimit ?? fileSize, max(0, entry.pointee.pos))
                }
            }
        }
        guard let readableLimit else { return nil }
        var latest: Int64? = nil
        for index in 0..<avformat_index_get_entries_count(avStream) {
            guard let entry = avformat_index_get_entry(avStream, index) else { continue }
            let end = entry.pointee.pos.addingReportingOverflow(Int64(entry.pointee.size))
            guard !end.overflow, entry.pointee.pos >= 0, end.partialValue <= readableLimit else { continue }
            latest = max(latest ?? entry.pointee.timestamp, entry.pointee.timestamp)
        }
        return CutShort(lastReadableTimestamp: latest)
    }

    /// A file whose index lists samples past its end.
    package struct CutShort: Sendable {
        /// The largest timestamp of the stream that can still be read, in its time base; `nil` when none can.
        package var lastReadableTimestamp: Int64?
    }

    /// The byte offset of the current read position, for progress.
    package var position: Int64 {
        guard let io = self.pointer.pointee.pb else { return 0 }
        return avio_tell(io)
    }

    func codecParameters(_ stream: Int) -> UnsafeMutablePointer<AVCodecParameters>? {
        guard stream >= 0, stream < Int(self.pointer.pointee.nb_streams) else { return nil }
        return self.pointer.pointee.streams[stream]?.pointee.codecpar
    }

    private static func error(
        _ code: Int32,
        _ function: String,
        _ log: LogCollector,
        _ interruption: Interruption
    ) -> FFmpegError {
        if code == FFmpegError.exit, interruption.isPastDeadline {
            return FFmpegError(code: code, function: function, message: "time limit exceeded")
        }
        if code == FFmpegError.exit, interruption.exhaustedOpeningBudget {
            return FFmpegError(code: code, function: function, message: "opening it takes more work than any valid file needs (damaged or hostile)")
        }
        if code == FFmpegError.exit {
            return FFmpegError(code: code, function: function, message: "cancelled")
        }
        if let logged = log.firstErrors.first {
            return FFmpegError(code: code, function: function, message: logged)
        }
        return FFmpegError(code: code, function: function)
    }
}

extension Duration {
    fileprivate var microseconds: Int64 {
        let (seconds, attoseconds) = self.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
