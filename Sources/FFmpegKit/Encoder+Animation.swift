internal import CFFmpeg

extension Encoder {
    /// An animated-image encoder: libavcodec's `gif` (palette pictures, `pal8`, timestamps in
    /// hundredths of a second as GIF's delays are) or `libwebp_anim` (`yuv420p`, timestamps in
    /// milliseconds; it returns the whole animation as one packet when flushed).
    ///
    /// The corresponding FFmpeg functions are `avcodec_find_encoder_by_name` and `avcodec_open2`.
    /// - Parameter quality: libwebp's quality, 0-100 (ignored for GIF).
    package static func animation(codecName: String, width: Int, height: Int, quality: Int = 75) throws(FFmpegError) -> Encoder {
        let isGIF = codecName == "gif"
        let options: KeyValuePairs<String, String> = isGIF ? [:] : ["quality": String(quality), "lossless": "0"]
        return try Encoder(codecName: codecName, options: options) { context in
            context.pointee.width = Int32(width)
            context.pointee.height = Int32(height)
            context.pointee.pix_fmt = isGIF ? AV_PIX_FMT_PAL8 : AV_PIX_FMT_YUV420P
            context.pointee.time_base = AVRational(num: 1, den: isGIF ? 100 : 1000)
            context.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        }
    }
}
