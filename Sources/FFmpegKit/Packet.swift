internal import CFFmpeg

/// An owned `AVPacket`: one compressed unit read from a demuxer.
///
/// Allocated with `av_packet_alloc`, freed with `av_packet_free`; ``unref()`` returns its
/// payload between reads so one packet serves a whole read loop.
package final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    /// The corresponding FFmpeg function is `av_packet_alloc`.
    package init() {
        guard let pointer = av_packet_alloc() else {
            preconditionFailure("av_packet_alloc: out of memory")
        }
        self.pointer = pointer
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVPacket>? = self.pointer
        av_packet_free(&pointer)
    }

    /// The corresponding FFmpeg function is `av_packet_unref`.
    package func unref() {
        av_packet_unref(self.pointer)
    }

    package var streamIndex: Int { Int(self.pointer.pointee.stream_index) }

    /// Presentation timestamp in the stream's time base, or `nil` when unknown.
    package var pts: Int64? {
        get { Self.optional(self.pointer.pointee.pts) }
        set { self.pointer.pointee.pts = newValue ?? cffmpeg_AV_NOPTS_VALUE }
    }

    /// Decoding timestamp in the stream's time base, or `nil` when unknown.
    package var dts: Int64? {
        get { Self.optional(self.pointer.pointee.dts) }
        set { self.pointer.pointee.dts = newValue ?? cffmpeg_AV_NOPTS_VALUE }
    }

    /// Duration in the stream's time base; 0 when unknown.
    package var duration: Int64 {
        get { self.pointer.pointee.duration }
        set { self.pointer.pointee.duration = newValue }
    }

    package var size: Int { Int(self.pointer.pointee.size) }

    package var isKeyframe: Bool { self.pointer.pointee.flags & AV_PKT_FLAG_KEY != 0 }

    /// Whether the demuxer marked the packet damaged (`AV_PKT_FLAG_CORRUPT`): a sample cut short
    /// by the end of the file, for one.
    package var isCorrupt: Bool { self.pointer.pointee.flags & AV_PKT_FLAG_CORRUPT != 0 }

    /// Moves the packet to another stream index (when remuxing).
    package func setStreamIndex(_ index: Int) {
        self.pointer.pointee.stream_index = Int32(index)
    }

    /// Rescales pts, dts and duration between time bases.
    ///
    /// The corresponding FFmpeg function is `av_packet_rescale_ts`.
    package func rescaleTimestamps(from source: Rational, to destination: Rational) {
        av_packet_rescale_ts(self.pointer, source.av, destination.av)
    }

    static func optional(_ value: Int64) -> Int64? {
        value == cffmpeg_AV_NOPTS_VALUE ? nil : value
    }
}
