internal import CFFmpeg

extension Encoder {
    /// A still-image encoder: FFmpeg's MJPEG (`yuvj420p` input, quality 2 of 31), PNG (`rgb24`)
    /// or libwebp (`yuv420p`).
    ///
    /// The corresponding FFmpeg functions are `avcodec_find_encoder_by_name` and `avcodec_open2`.
    package static func image(codecName: String, width: Int, height: Int) throws(FFmpegError) -> Encoder {
        let isJPEG = codecName == "mjpeg"
        return try Encoder(codecName: codecName, options: [:]) { context in
            context.pointee.width = Int32(width)
            context.pointee.height = Int32(height)
            context.pointee.pix_fmt = isJPEG ? AV_PIX_FMT_YUVJ420P : codecName == "png" ? AV_PIX_FMT_RGB24 : AV_PIX_FMT_YUV420P
            context.pointee.time_base = AVRational(num: 1, den: 25)
            if isJPEG {
                context.pointee.flags |= AV_CODEC_FLAG_QSCALE
                context.pointee.global_quality = 2 * FF_QP2LAMBDA
                context.pointee.color_range = AVCOL_RANGE_JPEG
            }
        }
    }

    /// The pixel format this encoder takes, by name (for the scaler that feeds it).
    package var pixelFormatName: String {
        av_get_pix_fmt_name(self.pointer.pointee.pix_fmt).map { String(cString: $0) } ?? "yuv420p"
    }

    /// Encodes one picture and returns the image file's bytes.
    package func encodeImage(_ frame: Frame) throws(FFmpegError) -> [UInt8] {
        frame.pts = 0
        try self.send(frame)
        self.sendEndOfStream()
        let packet = Packet()
        var bytes: [UInt8] = []
        while case .packet = try self.receive(into: packet) {
            if let data = packet.pointer.pointee.data {
                bytes += UnsafeBufferPointer(start: data, count: packet.size)
            }
            packet.unref()
        }
        return bytes
    }
}
