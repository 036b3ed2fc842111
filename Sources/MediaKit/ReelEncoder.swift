import FFmpegKit
import SoraAPI

/// Joins clips that differ by decoding them and encoding one stream: every picture turned
/// upright, scaled to fit the reel's size with black bars, resampled to one frame rate
/// (frames repeated or dropped by time); every clip's audio resampled to 48 kHz stereo AAC,
/// with silence for clips that have none and each clip's sound cut or padded to its
/// pictures, so audio and video stay together for the whole reel; a cross-fade blends both.
struct ReelEncoder {
    static let sampleRate = 48_000

    let clips: [ReelCompatibility.Clip]
    /// Each clip's trim, checked: inside the clip, `end` `nil` when it is the clip's end.
    let trims: [ClipTrim?]
    let options: ReelOptions
    let plan: ReelPlan
    let chapters: [ChapterInfo]?
    let progress: (@Sendable (ReelProgress) -> Void)?

    /// Writes the reel to `path`, or with `intermediate`, a file for ``ReelFinisher`` to finish
    /// (without `moov` first). With `losslessSound` it is a MOV whose sound is 32-bit float PCM,
    /// to be mixed and encoded once, later.
    func write(to path: String, intermediate: Bool = false, losslessSound: Bool = false) throws(FFmpegError) {
        let first = self.clips[0].video
        let size = self.options.size ?? Self.displaySize(first)
        let rate = self.plan.rate
        let output = try OutputFormatContext(path: path, format: losslessSound ? "mov" : "mp4")
        let video = try EncodedStream(
            encoder: Encoder.h264(
                width: size.width, height: size.height, frameRate: Rational(Int32(clamping: rate.numerator), Int32(clamping: rate.denominator)),
                crf: self.options.quality, preset: self.options.preset
            ),
            output: output,
            defaultPacketDuration: 1
        )
        let hasAudio = self.clips.contains { $0.audio != nil }
        let audioEncoder: Encoder? =
            !hasAudio ? nil : losslessSound ? try Encoder.pcmFloat(sampleRate: Self.sampleRate) : try Encoder.aac(sampleRate: Self.sampleRate)
        let audio = try audioEncoder.map { encoder throws(FFmpegError) in try EncodedStream(encoder: encoder, output: output) }
        for chapter in self.chapters ?? [] {
            try output.addChapter(Chapter(title: chapter.title, start: chapter.start, end: chapter.end))
        }
        try output.writeHeader(options: intermediate ? [:] : ["movflags": "+faststart"])

        var timeline = ReelTimeline(
            video: video, audio: audio, size: size, rate: rate, fadeFrames: self.plan.fadeFrames
        )
        let totalFrames = self.plan.clipFrames.reduce(0, +) - Int64(self.plan.fadeFrames * (self.clips.count - 1))
        timeline.progress = self.progress.map { report in
            { frames in report(ReelProgress(seconds: Double(frames) / rate.value, total: Double(totalFrames) / rate.value)) }
        }
        for (index, clip) in self.clips.enumerated() {
            let trim = index < self.trims.count ? self.trims[index] : nil
            try timeline.append(clip, trimStart: trim?.start ?? 0, trimsEnd: trim?.end != nil, isLast: index == self.clips.count - 1)
        }
        try timeline.finish()
        try output.finish()
    }

    /// The first clip's size as shown (rotation applied), made even for 4:2:0.
    static func displaySize(_ stream: StreamParameters) -> VideoSize {
        let quarter = stream.uprightQuarterTurns % 2 != 0
        let sar = stream.sampleAspectRatio.doubleValue.flatMap { $0 > 0 ? $0 : nil } ?? 1
        var width = Double(stream.width) * sar
        var height = Double(stream.height)
        if quarter { swap(&width, &height) }
        let even = { (value: Double) in max(16, Int(value.rounded()) / 2 * 2) }
        return VideoSize(width: even(width), height: even(height))
    }
}
