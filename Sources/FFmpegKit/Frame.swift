internal import CFFmpeg

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

    /// A coarse luma picture: the frame divided into `columns` x `rows` cells, each the mean
    /// of `samples` x `samples` sampled pixels, scaled to 8 bits. Cheap enough to run on every frame of a
    /// full decode, which is what black- and freeze-detection need.
    ///
    /// Returns `nil` for formats without a directly readable luma or RGB component (bitstream
    /// and hardware formats).
    package func lumaGrid(columns: Int, rows: Int, samples: Int = 2) -> [UInt8]? {
        let frame = self.pointer.pointee
        guard frame.width > 0, frame.height > 0, columns > 0, rows > 0,
            let descriptor = av_pix_fmt_desc_get(AVPixelFormat(frame.format))?.pointee,
            descriptor.flags & UInt64(AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_PAL) == 0
        else { return nil }
        let isRGB = descriptor.flags & UInt64(AV_PIX_FMT_FLAG_RGB) != 0
        let bigEndian = descriptor.flags & UInt64(AV_PIX_FMT_FLAG_BE) != 0
        let components = withUnsafeBytes(of: descriptor.comp) { Array($0.bindMemory(to: AVComponentDescriptor.self)) }
        let planes = withUnsafeBytes(of: frame.data) { Array($0.bindMemory(to: UnsafeMutablePointer<UInt8>?.self)) }
        let strides = withUnsafeBytes(of: frame.linesize) { Array($0.bindMemory(to: Int32.self)) }

        func sample(_ component: AVComponentDescriptor, _ x: Int, _ y: Int) -> Int {
            guard let plane = planes[Int(component.plane)] else { return 0 }
            let row = plane + y * Int(strides[Int(component.plane)])
            let address = row + x * Int(component.step) + Int(component.offset)
            let depth = Int(component.depth)
            if depth <= 8 && component.step <= 4 && !(isRGB && component.step > 1 && depth < 8) {
                return Int(address.pointee) >> max(0, Int(component.shift))
            }
            let raw = bigEndian ? (Int(address[0]) << 8 | Int(address[1])) : (Int(address[1]) << 8 | Int(address[0]))
            return (raw >> Int(component.shift)) >> max(0, depth - 8)
        }

        let width = Int(frame.width)
        let height = Int(frame.height)
        var grid = [UInt8](repeating: 0, count: columns * rows)
        for row in 0..<rows {
            for column in 0..<columns {
                var total = 0
                for sy in 0..<samples {
                    let y = min(height - 1, (row * samples + sy) * height / (rows * samples) + height / (rows * samples * 2))
                    for sx in 0..<samples {
                        let x = min(width - 1, (column * samples + sx) * width / (columns * samples) + width / (columns * samples * 2))
                        if isRGB {
                            let r = sample(components[0], x, y)
                            let g = sample(components[1], x, y)
                            let b = sample(components[2], x, y)
                            total += (r * 77 + g * 150 + b * 29) >> 8
                        } else {
                            total += sample(components[0], x, y)
                        }
                    }
                }
                grid[row * columns + column] = UInt8(clamping: total / (samples * samples))
            }
        }
        return grid
    }
}
