internal import CFFmpeg

/// Process-wide limits on FFmpeg's own allocations.
///
/// libavformat sizes some tables from counts the file declares before checking that the file
/// holds that much: fuzzing found an 80 KB MOV that makes the mov demuxer ask for a gigabyte.
/// Capping any single `av_malloc` turns that into an ordinary "cannot allocate" error.
package enum FFmpegLimits {
    /// The largest single allocation FFmpeg may make: far above any frame of the clips this
    /// tool handles (a 4K 10-bit picture is about 25 MiB).
    package static let maxAllocation = 128 << 20

    /// Applies the cap; idempotent. The corresponding FFmpeg function is `av_max_alloc`.
    static let installed: Void = {
        av_max_alloc(maxAllocation)
    }()
}
