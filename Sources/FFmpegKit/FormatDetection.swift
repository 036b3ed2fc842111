internal import CFFmpeg

#if canImport(Glibc)
    import Glibc
#endif

/// Names the format libavformat would pick for a file's first bytes, without opening
/// anything it refers to. Used to say what a refused file really is ("detected: hls").
package enum FormatDetection {
    /// The detected demuxer's short name and score (0...100), or `nil` when nothing matches.
    ///
    /// The corresponding FFmpeg function is `av_probe_input_format3`.
    package static func detect(path: String, byteCount: Int = 1 << 16) -> (name: String, score: Int)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let padding = Int(AVPROBE_PADDING_SIZE)
        var buffer = [UInt8](repeating: 0, count: byteCount + padding)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, byteCount) }
        guard count > 0 else { return nil }
        var score: Int32 = 0
        let format = buffer.withUnsafeMutableBufferPointer { bytes -> UnsafePointer<AVInputFormat>? in
            "".withCString { emptyName in
                var data = AVProbeData(
                    filename: emptyName,
                    buf: bytes.baseAddress,
                    buf_size: Int32(count),
                    mime_type: nil
                )
                return av_probe_input_format3(&data, 1, &score)
            }
        }
        guard let format, let name = format.pointee.name else { return nil }
        return (String(cString: name), Int(score))
    }
}
