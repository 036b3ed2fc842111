internal import CFFmpeg

/// A queue of planar-float samples between a resampler and an encoder that wants blocks of
/// a fixed size: owns an `AVAudioFifo`, freed with `av_audio_fifo_free`.
package final class AudioFIFO {
    private let pointer: OpaquePointer
    package let sampleRate: Int
    package let channels: Int

    /// The corresponding FFmpeg function is `av_audio_fifo_alloc`.
    package init(sampleRate: Int = 48_000, channels: Int = 2) {
        guard let fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, Int32(channels), 4096) else {
            preconditionFailure("av_audio_fifo_alloc: out of memory")
        }
        self.pointer = fifo
        self.sampleRate = sampleRate
        self.channels = channels
    }

    deinit {
        av_audio_fifo_free(self.pointer)
    }

    /// Samples per channel waiting.
    package var count: Int { Int(av_audio_fifo_size(self.pointer)) }

    /// Appends `count` samples (all that follow, by default) of a planar-float frame, starting
    /// at sample `offset`.
    ///
    /// The corresponding FFmpeg function is `av_audio_fifo_write`.
    package func write(_ frame: Frame, from offset: Int = 0, count: Int? = nil) throws(FFmpegError) {
        let samples = min(frame.sampleCount - offset, count ?? .max)
        guard offset >= 0, samples > 0 else { return }
        let byteOffset = offset * MemoryLayout<Float>.size
        var planes = (0..<self.channels).map { channel in
            frame.pointer.pointee.extended_data[channel].map { UnsafeMutableRawPointer($0) + byteOffset }
        }
        let code = planes.withUnsafeMutableBufferPointer { av_audio_fifo_write(self.pointer, $0.baseAddress, Int32(samples)) }
        try check(code, "av_audio_fifo_write")
    }

    /// Appends `samples` of silence.
    package func writeSilence(_ samples: Int) throws(FFmpegError) {
        var remaining = samples
        while remaining > 0 {
            let block = min(remaining, 4096)
            let frame = try Frame.audio(samples: block, sampleRate: self.sampleRate, channels: self.channels)
            frame.fillTone(firstSample: 0, frequency: 0, amplitude: 0)
            try self.write(frame)
            remaining -= block
        }
    }

    /// Removes up to `samples` from the front into a new frame.
    ///
    /// The corresponding FFmpeg function is `av_audio_fifo_read`.
    package func read(_ samples: Int) throws(FFmpegError) -> Frame {
        let count = min(samples, self.count)
        let frame = try Frame.audio(samples: max(count, 1), sampleRate: self.sampleRate, channels: self.channels)
        let planes = frame.pointer.pointee.extended_data.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: UnsafeMutableRawPointer?.self) }
        let read = try check(av_audio_fifo_read(self.pointer, planes, Int32(count)), "av_audio_fifo_read")
        frame.truncateSamples(to: Int(read))
        return frame
    }
}
