import FFmpegKit

/// Where a cut-short file's pictures really end.
enum ReadableEnd {
    /// Seconds of `stream` (from its start) that can be read, or `nil` when the file is not cut
    /// short (every sample the demuxer's index lists lies inside the file, or it cannot tell).
    ///
    /// The index says whether the file is cut short; it holds decode times, which lag the
    /// pictures' times with B-frames, so the end itself comes from reading the packets that are
    /// there (no decoding) through a second context opened on `path`.
    static func seconds(of input: InputFormatContext, stream: StreamParameters, path: String, options: InputOptions) -> Double? {
        guard input.cutShortIndex(stream: stream.index) != nil else { return nil }
        var scanOptions = options
        scanOptions.probesStreams = false
        guard let scan = try? InputFormatContext(path: path, options: scanOptions) else { return 0 }
        let packet = Packet()
        var end: Int64? = nil
        while (try? scan.read(into: packet)) == true {
            guard packet.streamIndex == stream.index, !packet.isCorrupt, let pts = packet.pts else { continue }
            end = max(end ?? .min, pts + max(0, packet.duration))
        }
        guard let end, let seconds = stream.seconds(end) else { return 0 }
        return max(0, seconds - (stream.seconds(stream.startTime) ?? 0))
    }
}
