internal import CFFmpeg
internal import CFFmpegShims

extension Frame {
    /// The value of a metadata entry that a filter attached to this frame (`lavfi.r128.I`).
    ///
    /// The corresponding FFmpeg function is `av_dict_get`.
    package func metadata(_ key: String) -> String? {
        guard let entry = av_dict_get(self.pointer.pointee.metadata, key, nil, 0), let value = entry.pointee.value else {
            return nil
        }
        return String(cString: value)
    }

    /// A coarse luma picture of block averages: each of `columns` x `rows` cells holds the
    /// mean luma of every `step`-th pixel in it, scaled to 8 bits. Averaging keeps grain and
    /// encoder noise out of motion and cut measures.
    ///
    /// Returns `nil` for formats without a directly readable luma or RGB component.
    package func blockLuma(columns: Int, rows: Int, step: Int) -> [UInt8]? {
        var ok = true
        let grid = [UInt8](unsafeUninitializedCapacity: columns * rows) { buffer, count in
            ok = CFFmpegShims_blockLuma(self.pointer, Int32(columns), Int32(rows), Int32(step), buffer.baseAddress) == 0
            count = ok ? columns * rows : 0
        }
        return ok ? grid : nil
    }

    /// Audio levels of this frame over all channels: the largest absolute sample (1.0 is full
    /// scale) and how many samples reach `clipLevel`. `nil` for a sample format not known.
    package func audioLevels(clipLevel: Double) -> (peak: Double, clipped: Int)? {
        var peak = 0.0
        var clipped: Int64 = 0
        guard CFFmpegShims_audioLevels(self.pointer, clipLevel, &peak, &clipped) == 0 else { return nil }
        return (peak, Int(clipped))
    }

    /// The channels of an audio frame.
    package var channelCount: Int { Int(self.pointer.pointee.ch_layout.nb_channels) }

    /// The sample rate of an audio frame, 0 when unknown.
    package var sampleRate: Int { Int(self.pointer.pointee.sample_rate) }
}
