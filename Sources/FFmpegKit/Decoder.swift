internal import CFFmpeg

/// What a decoder did with a call to ``Decoder/receive(into:)``.
package enum DecodeStep: Sendable {
    /// A frame was written.
    case frame
    /// The decoder needs another packet before it can return a frame.
    case needsInput
    /// Every frame has been returned after ``Decoder/sendEndOfStream()``.
    case endOfStream
}

/// A decoder for one stream of an ``InputFormatContext``: owns an `AVCodecContext` from
/// `avcodec_alloc_context3`, freed with `avcodec_free_context`.
///
/// Errors the decoder only logs (concealed corruption) are counted by ``log``, including
/// those logged from frame-threading workers.
package final class Decoder {
    private let pointer: UnsafeMutablePointer<AVCodecContext>
    /// What the decoder skips when not told to skip non-reference pictures.
    private let defaultDiscard: AVDiscard
    /// Error messages the decoder logged.
    package let log: LogCollector
    /// The stream this decoder reads.
    package let streamIndex: Int

    /// Opens the decoder for `stream` of `input`.
    ///
    /// The corresponding FFmpeg functions are `avcodec_find_decoder`, `avcodec_parameters_to_context`
    /// and `avcodec_open2`.
    /// - Parameters:
    ///   - threads: worker threads; 0 lets FFmpeg choose from the core count.
    ///   - keyframesOnly: skip every non-key frame (`skip_frame = AVDISCARD_NONKEY`).
    package init(
        input: InputFormatContext, stream: Int, threads: Int = 0, keyframesOnly: Bool = false
    )
        throws(FFmpegError)
    {
        guard let parameters = input.codecParameters(stream) else {
            throw FFmpegError(code: FFmpegError.streamNotFound, function: "avcodec_find_decoder")
        }
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            let name = avcodec_get_name(parameters.pointee.codec_id).map { String(cString: $0) } ?? "unknown"
            throw FFmpegError(
                code: FFmpegError.decoderNotFound,
                function: "avcodec_find_decoder",
                message: "no decoder for codec \(name)"
            )
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw FFmpegError(code: FFmpegError.outOfMemory, function: "avcodec_alloc_context3")
        }
        let log = LogCollector()
        do {
            try check(avcodec_parameters_to_context(context, parameters), "avcodec_parameters_to_context")
            context.pointee.pkt_timebase = input.streams[stream].timeBase.av
            context.pointee.thread_count = Int32(threads)
            context.pointee.opaque = log.opaque
            if keyframesOnly {
                context.pointee.skip_frame = AVDISCARD_NONKEY
            }
            if threads != 1 {
                // Frame threads decode several pictures at once; slice threads help only
                // streams coded in many slices, which x264's defaults are not.
                context.pointee.thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE
            }
            try check(avcodec_open2(context, codec, nil), "avcodec_open2")
        } catch {
            var owned: UnsafeMutablePointer<AVCodecContext>? = context
            avcodec_free_context(&owned)
            throw error
        }
        self.pointer = context
        self.defaultDiscard = keyframesOnly ? AVDISCARD_NONKEY : AVDISCARD_DEFAULT
        self.log = log
        self.streamIndex = stream
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = self.pointer
        avcodec_free_context(&context)
    }

    /// Sends one packet to the decoder. Call ``receive(into:)`` until it answers `.needsInput`
    /// before sending the next.
    ///
    /// The corresponding FFmpeg function is `avcodec_send_packet`.
    /// - Throws: ``FFmpegError`` when the packet is rejected (corrupt data); the decoder stays usable.
    package func send(_ packet: Packet) throws(FFmpegError) {
        let code = avcodec_send_packet(self.pointer, packet.pointer)
        if code == FFmpegError.tryAgain || code == FFmpegError.endOfFile { return }
        try check(code, "avcodec_send_packet")
    }

    /// Tells the decoder no more packets follow, so it returns the frames it still holds.
    ///
    /// The corresponding FFmpeg function is `avcodec_send_packet` with a null packet.
    package func sendEndOfStream() {
        _ = avcodec_send_packet(self.pointer, nil)
    }

    /// Takes the next decoded frame, if one is ready.
    ///
    /// The corresponding FFmpeg function is `avcodec_receive_frame`.
    package func receive(into frame: Frame) throws(FFmpegError) -> DecodeStep {
        let code = avcodec_receive_frame(self.pointer, frame.pointer)
        if code == FFmpegError.tryAgain { return .needsInput }
        if code == FFmpegError.endOfFile { return .endOfStream }
        try check(code, "avcodec_receive_frame")
        return .frame
    }

    /// Whether packets sent from now on skip pictures no other picture refers to
    /// (`skip_frame = AVDISCARD_NONREF`): while decoding forward to a picture after them, they
    /// are work whose result is never seen. A frame-threaded decoder takes the setting with
    /// each packet sent.
    package var skipsNonReference: Bool {
        get { self.pointer.pointee.skip_frame == AVDISCARD_NONREF }
        set {
            guard self.defaultDiscard == AVDISCARD_DEFAULT else { return }
            self.pointer.pointee.skip_frame = newValue ? AVDISCARD_NONREF : AVDISCARD_DEFAULT
        }
    }

    /// Drops buffered frames, after a seek.
    ///
    /// The corresponding FFmpeg function is `avcodec_flush_buffers`.
    package func flush() {
        avcodec_flush_buffers(self.pointer)
    }
}
