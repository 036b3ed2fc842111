import FFmpegKit

/// An encoder feeding one stream of an output file: frames in, packets muxed.
struct EncodedStream {
    let encoder: Encoder
    let output: OutputFormatContext
    let index: Int
    /// Given to packets the encoder leaves without a duration (libx264 does), in the encoder's
    /// time base; without it the muxer cannot know how long the last frame lasts.
    let defaultPacketDuration: Int64
    private let packet = Packet()
    /// Interleaves planar-float sound for an encoder that takes interleaved samples (PCM).
    private let interleaver: Resampler?

    init(encoder: Encoder, output: OutputFormatContext, defaultPacketDuration: Int64 = 0) throws(FFmpegError) {
        self.encoder = encoder
        self.output = output
        self.index = try output.addStream(from: encoder)
        self.defaultPacketDuration = defaultPacketDuration
        self.interleaver =
            encoder.takesInterleavedSamples
            ? Resampler(sampleRate: ReelEncoder.sampleRate, interleaved: true) : nil
    }

    /// Samples per channel the encoder takes in every audio frame but the last: its own frame
    /// size, or 1024 for an encoder that takes any (PCM).
    var audioBlock: Int { self.encoder.frameSize > 0 ? self.encoder.frameSize : 1024 }

    /// Encodes `frame` (its pts in the encoder's time base) and writes whatever packets are ready.
    func encode(_ frame: Frame) throws(FFmpegError) {
        if let interleaver = self.interleaver {
            let converted = try interleaver.convert(frame)
            converted.pts = frame.pts
            try self.encoder.send(converted)
        } else {
            try self.encoder.send(frame)
        }
        try self.drain()
    }

    /// Flushes the encoder into the file.
    func finish() throws(FFmpegError) {
        self.encoder.sendEndOfStream()
        try self.drain()
    }

    private func drain() throws(FFmpegError) {
        while case .packet = try self.encoder.receive(into: self.packet) {
            self.packet.setStreamIndex(self.index)
            if self.packet.duration == 0 {
                self.packet.duration = self.defaultPacketDuration
            }
            self.packet.rescaleTimestamps(from: self.encoder.timeBase, to: self.output.timeBase(of: self.index))
            try self.output.write(self.packet)
        }
    }
}
