internal import CFFmpeg

/// An error returned by an FFmpeg library call: the `AVERROR` code, the function that
/// returned it, and FFmpeg's own description of the code.
///
/// Every return code in FFmpegKit passes through ``check(_:_:)``, so this is the only
/// error type that crosses the C boundary.
package struct FFmpegError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The negative `AVERROR` value.
    package var code: Int32
    /// The FFmpeg function that failed, e.g. `avformat_open_input`.
    package var function: String
    /// The text of `av_strerror` for ``code``, or a more specific reason when FFmpeg logged one.
    package var message: String

    package init(code: Int32, function: String, message: String? = nil) {
        self.code = code
        self.function = function
        self.message = message ?? FFmpegError.describe(code)
    }

    package var description: String { "\(self.function): \(self.message)" }

    /// `AVERROR_EOF`: the end of the input was reached.
    package static let endOfFile = cffmpeg_AVERROR_EOF
    /// `AVERROR(EAGAIN)`: output must be drained before more input is accepted, or the reverse.
    package static let tryAgain = cffmpeg_AVERROR(EAGAIN)
    /// `AVERROR_INVALIDDATA`: the data could not be parsed.
    package static let invalidData = cffmpeg_AVERROR_INVALIDDATA
    /// `AVERROR_EXIT`: the interrupt callback asked FFmpeg to stop (deadline or cancellation).
    package static let exit = cffmpeg_AVERROR_EXIT
    /// `AVERROR(ENOMEM)`.
    package static let outOfMemory = cffmpeg_AVERROR(ENOMEM)
    /// `AVERROR(EINVAL)`.
    package static let invalidArgument = cffmpeg_AVERROR(EINVAL)
    /// `AVERROR_DECODER_NOT_FOUND`.
    package static let decoderNotFound = cffmpeg_AVERROR_DECODER_NOT_FOUND
    /// `AVERROR_ENCODER_NOT_FOUND`.
    package static let encoderNotFound = cffmpeg_AVERROR_ENCODER_NOT_FOUND
    /// `AVERROR_STREAM_NOT_FOUND`.
    package static let streamNotFound = cffmpeg_AVERROR_STREAM_NOT_FOUND
    /// `AVERROR_FILTER_NOT_FOUND`.
    package static let filterNotFound = cffmpeg_AVERROR_FILTER_NOT_FOUND

    /// FFmpeg's text for an error code.
    ///
    /// The corresponding FFmpeg function is `av_strerror`.
    package static func describe(_ code: Int32) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(AV_ERROR_MAX_STRING_SIZE)) { buffer in
            guard let base = buffer.baseAddress else { return "error \(code)" }
            if av_strerror(code, base, buffer.count) < 0 {
                return "error \(code)"
            }
            return String(cString: base)
        }
    }
}

/// Throws an ``FFmpegError`` when `code` is negative; returns it unchanged otherwise.
@discardableResult
@inline(__always)
package func check(_ code: Int32, _ function: StaticString) throws(FFmpegError) -> Int32 {
    if code < 0 {
        throw FFmpegError(code: code, function: "\(function)")
    }
    return code
}
