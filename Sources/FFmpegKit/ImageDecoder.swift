internal import CFFmpeg

/// Decodes one still image (a whole PNG, JPEG or WebP file held in memory) into a ``Frame``:
/// owns an `AVCodecContext` from `avcodec_alloc_context3`, freed with `avcodec_free_context`.
///
/// The caller picks the decoder from the file's bytes, never from its name. The decoder is
/// bounded by `max_pixels`, so a header that lies about its size cannot make it allocate a
/// huge picture.
package final class ImageDecoder {
    private let pointer: UnsafeMutablePointer<AVCodecContext>

    /// Opens libavcodec's decoder `codecName` (`png`, `mjpeg` or `webp`) for pictures of at most
    /// `maxPixels` pixels.
    ///
    /// The corresponding FFmpeg functions are `avcodec_find_decoder_by_name`, `avcodec_alloc_context3`
    /// and `avcodec_open2`.
    package init(codecName: String, maxPixels: Int) throws(FFmpegError) {
        guard let codec = avcodec_find_decoder_by_name(codecName) else {
            throw FFmpegError(
                code: FFmpegError.decoderNotFound, function: "avcodec_find_decoder_by_name",
                message: "no \(codecName) decoder in this FFmpeg build"
            )
        }
        self.pointer = try openCodecContext(codec) { context in
            context.pointee.max_pixels = Int64(maxPixels)
            context.pointee.thread_count = 1
        }
    }

    deinit {
        var context: UnsafeMutablePointer<AVCodecContext>? = self.pointer
        avcodec_free_context(&context)
    }

    /// Decodes the picture in `bytes`, a complete image file.
    ///
    /// The corresponding FFmpeg functions are `avcodec_send_packet` and `avcodec_receive_frame`.
    /// - Throws: ``FFmpegError`` when the bytes are damaged or hold no picture.
    package func decode(_ bytes: [UInt8]) throws(FFmpegError) -> Frame {
        let packet = try Packet(copying: bytes)
        try check(avcodec_send_packet(self.pointer, packet.pointer), "avcodec_send_packet")
        _ = avcodec_send_packet(self.pointer, nil)
        let frame = Frame()
        let code = avcodec_receive_frame(self.pointer, frame.pointer)
        if code == FFmpegError.tryAgain || code == FFmpegError.endOfFile {
            throw FFmpegError(code: FFmpegError.invalidData, function: "avcodec_receive_frame", message: "the image holds no picture")
        }
        try check(code, "avcodec_receive_frame")
        return frame
    }
}
