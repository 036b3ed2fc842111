import FFmpegKit

/// Joins compatible clips by stream copy: packets are moved, never decoded, with each
/// clip's timestamps offset by the durations before it so DTS rises strictly per stream.
/// Memory stays flat: one packet is in flight at a time.
struct ReelCopier {
    let clips: [ReelCompatibility.Clip]
    let chapters: [ChapterInfo]?
    let progress: (@Sendable (ReelProgress) -> Void)?

    /// Writes the reel to `path`, or with `intermediate`, a file for ``ReelFinisher`` to finish
    /// (without `moov` first).
    func write(to path: String, intermediate: Bool = false) throws(FFmpegError) {
        let output = try OutputFormatContext(path: path, format: "mp4")
        // The output's streams copy the first clip's parameters; that input closes again at once.
        let (videoOut, audioOut) = try Self.addStreams(like: self.clips[0], to: output)
        for chapter in self.chapters ?? [] {
            try output.addChapter(Chapter(title: chapter.title, start: chapter.start, end: chapter.end))
        }
        try output.writeHeader(options: intermediate ? [:] : ["movflags": "+faststart"])

        var lastDTS: [Int: Int64] = [:]
        var offset = 0.0
        let packet = Packet()
        for clip in self.clips {
            var routes: [Int: Int] = [clip.video.index: videoOut]
            if let audio = clip.audio, let audioOut { routes[audio.index] = audioOut }
            let input = try clip.open(probing: false)
            let start = clip.startTime
            while try Self.read(input, into: packet, damaged: clip.isDamaged) {
                guard let out = routes[packet.streamIndex] else { continue }
                let outBase = output.timeBase(of: out)
                packet.rescaleTimestamps(from: input.streams[packet.streamIndex].timeBase, to: outBase)
                let shift = outBase.timestamp(seconds: offset - start)
                var dts = (packet.dts ?? packet.pts ?? 0) + shift
                var pts = (packet.pts ?? dts - shift) + shift
                if let last = lastDTS[out], dts <= last {
                    dts = last + 1
                    pts = max(pts, dts)
                }
                packet.dts = dts
                packet.pts = pts
                lastDTS[out] = dts
                packet.setStreamIndex(out)
                try output.write(packet)
            }
            offset += clip.duration
            self.progress?(ReelProgress(seconds: offset, total: self.clips.reduce(0) { $0 + $1.duration }))
        }
        try output.finish()
    }

    /// The next packet of `input`; a damaged input ends at its first damaged packet or read error.
    private static func read(_ input: InputFormatContext, into packet: Packet, damaged: Bool) throws(FFmpegError) -> Bool {
        guard damaged else { return try input.read(into: packet) }
        do {
            return try input.read(into: packet) && !packet.isCorrupt
        } catch  where error.code != FFmpegError.exit {
            return false
        }
    }

    private static func addStreams(like clip: ReelCompatibility.Clip, to output: OutputFormatContext) throws(FFmpegError) -> (Int, Int?) {
        let input = try clip.open()
        let video = try output.addStream(copying: clip.video.index, of: input)
        let audio = try clip.audio.map { audio throws(FFmpegError) in try output.addStream(copying: audio.index, of: input) }
        return (video, audio)
    }
}
