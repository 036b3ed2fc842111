internal import CFFmpeg
internal import CFFmpegShims

/// An owned `AVFrame`: one decoded picture or block of audio samples.
///
/// Allocated with `av_frame_alloc`, freed with `av_frame_free`. Decoders write into it;
/// ``unref()`` releases the buffers between uses.
package final class Frame {
    let pointer: UnsafeMutablePointer<AVFrame>

    /// The corresponding FFmpeg function is `av_frame_alloc`.
    package init() {
        guard let pointer = av_frame_alloc() else {
            preconditionFailure("av_frame_alloc: out of memory")
        }
        self.pointer = pointer
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVFrame>? = self.pointer
        av_frame_free(&pointer)
    }

    /// The corresponding FFmpeg function is `av_frame_unref`.
    package func unref() {
        av_frame_unref(self.pointer)
    }

    package var width: Int { Int(self.pointer.pointee.width) }
    package var height: Int { Int(self.pointer.pointee.height) }

    /// The pixel format's name (`yuv420p`), or `nil` for audio frames.
    package var pixelFormatName: String? {
        guard let name = av_get_pix_fmt_name(AVPixelFormat(self.pointer.pointee.format)) else { return nil }
        return String(cString: name)
    }

    /// The decoder's best estimate of the presentation time, in the stream's time base.
    package var bestEffortTimestamp: Int64? {
        Packet.optional(self.pointer.pointee.best_effort_timestamp)
    }

    /// The sample aspect ratio (pixel shape); `0/1` when unknown.
    package var sampleAspectRatio: Rational { Rational(self.pointer.pointee.sample_aspect_ratio) }

    /// Whether this picture is a keyframe.
    package var isKeyframe: Bool { self.pointer.pointee.key_frame != 0 }

    /// Audio samples per channel in this frame.
    package var sampleCount: Int { Int(self.pointer.pointee.nb_samples) }

    /// Whether the decoder flagged this frame as damaged (concealed errors).
    package var isCorrupt: Bool {
        self.pointer.pointee.flags & AV_FRAME_FLAG_CORRUPT != 0 || self.pointer.pointee.decode_error_flags != 0
    }

    /// Whether the luma uses the full 0...255 range (JPEG) rather than 16...235 (TV).
    package var isFullRange: Bool {
        if self.pointer.pointee.color_range == AVCOL_RANGE_JPEG { return true }
        let format = AVPixelFormat(self.pointer.pointee.format)
        return [AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUVJ422P, AV_PIX_FMT_YUVJ444P].contains(format)
    }

    /// A coarse luma picture: the luma sampled at the centres of a `columns` x `rows` grid,
    /// scaled to 8 bits. Cheap enough to run on every frame of a full decode, which is what
    /// black- and freeze-detection need.
    ///
    /// Returns `nil` for formats without a directly readable luma or RGB component (bitstream,
    /// palette and hardware formats).
    package func lumaGrid(columns: Int, rows: Int) -> [UInt8]? {
        var ok = true
        let grid = [UInt8](unsafeUninitializedCapacity: columns * rows) { buffer, count in
            ok = CFFmpegShims_sampleLuma(self.pointer, Int32(columns), Int32(rows), buffer.baseAddress) == 0
            count = ok ? columns * rows : 0
        }
        return ok ? grid : nil
    }
}
