internal import CFFmpeg

/// Allocates a codec context for `codec`, lets `configure` set it up, and opens it with
/// `options`. The caller owns the result and frees it with `avcodec_free_context`; on failure
/// nothing is left to free.
///
/// The corresponding FFmpeg functions are `avcodec_alloc_context3` and `avcodec_open2`.
func openCodecContext(
    _ codec: UnsafePointer<AVCodec>,
    options: KeyValuePairs<String, String> = [:],
    configure: (UnsafeMutablePointer<AVCodecContext>) -> Void
) throws(FFmpegError) -> UnsafeMutablePointer<AVCodecContext> {
    guard let context = avcodec_alloc_context3(codec) else {
        throw FFmpegError(code: FFmpegError.outOfMemory, function: "avcodec_alloc_context3")
    }
    configure(context)
    let dictionary = FFmpegDictionary(options)
    let code = avcodec_open2(context, codec, &dictionary.pointer)
    if code < 0 {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
        throw FFmpegError(code: code, function: "avcodec_open2")
    }
    return context
}
