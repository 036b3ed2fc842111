internal import CFFmpeg

extension Packet {
    /// A packet holding a copy of `bytes` (a whole image file, say), with the zeroed padding
    /// decoders read past the end.
    ///
    /// The corresponding FFmpeg function is `av_new_packet`.
    package convenience init(copying bytes: [UInt8]) throws(FFmpegError) {
        guard bytes.count < Int(Int32.max) - Int(AV_INPUT_BUFFER_PADDING_SIZE) else {
            throw FFmpegError(code: FFmpegError.invalidArgument, function: "av_new_packet", message: "\(bytes.count) bytes is too large for one packet")
        }
        self.init()
        try check(av_new_packet(self.pointer, Int32(bytes.count)), "av_new_packet")
        if let data = self.pointer.pointee.data, !bytes.isEmpty {
            bytes.withUnsafeBytes { source in
                guard let base = source.baseAddress else { return }
                UnsafeMutableRawPointer(data).copyMemory(from: base, byteCount: source.count)
            }
        }
    }
}
