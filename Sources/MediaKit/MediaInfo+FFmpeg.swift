import FFmpegKit

extension MediaInfo {
    init(_ input: InputFormatContext) {
        self.init(format: FormatInfo(input.format, streamCount: input.streams.count), streams: input.streams.map(StreamInfo.init))
    }
}

extension FormatInfo {
    init(_ format: FormatParameters, streamCount: Int) {
        self.init(
            formatName: format.formatName,
            formatLongName: format.formatLongName,
            duration: Rational.microseconds.seconds(format.duration).map(microsecondPrecision),
            size: format.size,
            bitRate: format.bitRate > 0 ? format.bitRate : nil,
            nbStreams: streamCount,
            startTime: Rational.microseconds.seconds(format.startTime).map(microsecondPrecision),
            probeScore: format.probeScore,
            tags: format.metadata,
            chapters: format.chapters.isEmpty
                ? nil : format.chapters.map { ChapterInfo(title: $0.title, start: $0.start, end: $0.end) }
        )
    }
}

extension StreamInfo {
    init(_ stream: StreamParameters) {
        let isVideo = stream.mediaType == .video
        let isAudio = stream.mediaType == .audio
        // ffprobe prints a subtitle's size when it has one (bitmap subtitles).
        let hasPictureSize = stream.width > 0
        let sar = stream.sampleAspectRatio
        var sampleAspectRatio: String? = nil
        var displayAspectRatio: String? = nil
        if isVideo, sar.numerator != 0, sar.denominator != 0 {
            sampleAspectRatio = "\(sar.numerator):\(sar.denominator)"
            let dar = Rational.reduced(
                Int64(stream.width) * Int64(sar.numerator),
                Int64(stream.height) * Int64(sar.denominator),
                max: 1024 * 1024
            )
            displayAspectRatio = "\(dar.numerator):\(dar.denominator)"
        }
        let disposition = InputFormatContext.dispositionNames.reduce(into: [String: Int]()) { flags, entry in
            flags[entry.name] = stream.disposition & entry.bit != 0 ? 1 : 0
        }
        self.init(
            index: stream.index,
            codecType: stream.mediaType.rawValue,
            codecName: stream.codecName,
            profile: stream.profile,
            codecTagString: stream.codecTagString,
            width: isVideo || (hasPictureSize && stream.mediaType == .subtitle) ? stream.width : nil,
            height: isVideo || (hasPictureSize && stream.mediaType == .subtitle) ? stream.height : nil,
            sampleAspectRatio: sampleAspectRatio,
            displayAspectRatio: displayAspectRatio,
            pixFmt: isVideo ? stream.pixelFormat : nil,
            level: isVideo ? stream.level : nil,
            fieldOrder: isVideo ? stream.fieldOrder : nil,
            colorRange: isVideo ? stream.colorRange : nil,
            colorSpace: isVideo ? stream.colorSpace : nil,
            colorTransfer: isVideo ? stream.colorTransfer : nil,
            colorPrimaries: isVideo ? stream.colorPrimaries : nil,
            chromaLocation: isVideo ? stream.chromaLocation : nil,
            rFrameRate: stream.realFrameRate.description,
            avgFrameRate: stream.averageFrameRate.description,
            timeBase: stream.timeBase.description,
            startTime: stream.seconds(stream.startTime).map(microsecondPrecision),
            duration: stream.seconds(stream.duration).map(microsecondPrecision),
            nbFrames: stream.frameCount > 0 ? stream.frameCount : nil,
            bitRate: stream.bitRate > 0 ? stream.bitRate : nil,
            // ffprobe prints the angle converted to an integer; a degenerate matrix has none.
            rotation: stream.rotation.map { Int($0.rounded(.towardZero)) },
            sampleRate: isAudio ? stream.sampleRate : nil,
            channels: isAudio ? stream.channels : nil,
            channelLayout: isAudio ? stream.channelLayout : nil,
            tags: stream.metadata,
            disposition: disposition
        )
    }
}

/// Rounds to whole microseconds, the precision ffprobe prints, so JSON shows `6.0424`
/// rather than `6.042399999999999`.
func microsecondPrecision(_ seconds: Double) -> Double {
    guard seconds.isFinite, abs(seconds) < 9e12 else { return seconds }
    return (seconds * 1_000_000).rounded() / 1_000_000
}
