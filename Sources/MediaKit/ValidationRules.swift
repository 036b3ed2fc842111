import SoraAPI

/// The rules of ``Validator``, each turning what was measured into a ``Verdict``.
struct ValidationRules {
    static let movFamily = "mov,mp4,m4a,3gp,3g2,mj2"

    let options: ValidationOptions
    let info: MediaInfo

    /// Rules that need only the probe and the box layout.
    func structural(boxes: TopLevelBoxes?) -> [Verdict] {
        var verdicts: [Verdict] = []
        verdicts.append(
            Verdict(
                rule: "container",
                passed: self.info.format.formatName == Self.movFamily,
                expected: "MP4/MOV",
                actual: self.info.format.formatName
            )
        )
        let videos = self.info.videoStreams
        verdicts.append(
            Verdict(
                rule: "video_streams",
                passed: videos.count == 1,
                expected: "exactly 1 video stream",
                actual: "\(videos.count) video stream\(videos.count == 1 ? "" : "s")"
            )
        )
        let video = videos.first
        if let expected = self.options.expectedSize {
            let actual = video.flatMap { v in v.width.map { "\($0)x\(v.height ?? 0)" } } ?? "no video"
            verdicts.append(
                Verdict(rule: "size", passed: actual == expected.description, expected: expected.description, actual: actual)
            )
        }
        if let expected = self.options.expectedSeconds {
            let duration = self.info.format.duration ?? video?.duration
            let passed = duration.map { abs($0 - expected) <= self.options.tolerance } ?? false
            verdicts.append(
                Verdict(
                    rule: "duration",
                    passed: passed,
                    expected: "\(formatSeconds(expected)) ± \(formatSeconds(self.options.tolerance))",
                    actual: duration.map(formatSeconds) ?? "unknown"
                )
            )
        }
        if let expected = self.options.expectedCodec {
            let actual = video?.codecName ?? "no video"
            verdicts.append(
                Verdict(
                    rule: "codec",
                    passed: CodecName.canonical(actual) == CodecName.canonical(expected),
                    expected: CodecName.canonical(expected),
                    actual: actual
                )
            )
        }
        if let video {
            verdicts.append(WebPlayback(info: self.info, video: video).verdict)
        }
        verdicts.append(Self.fastStart(boxes))
        return verdicts
    }

    /// Rules that need a full decode.
    func decoded(_ summary: DecodeSummary) -> [Verdict] {
        var verdicts: [Verdict] = []
        var actual = "\(summary.errorCount) error\(summary.errorCount == 1 ? "" : "s")"
        if let time = summary.firstErrorTime {
            actual += ", first at \(formatSeconds(time))"
        }
        if let message = summary.firstErrorMessage, summary.errorCount > 0 {
            actual += ": \(message)"
        }
        let hasMedia = self.info.streams.contains { $0.codecType == "video" || $0.codecType == "audio" }
        if !hasMedia {
            actual = "no audio or video stream to decode"
        }
        verdicts.append(
            Verdict(rule: "decode", passed: summary.errorCount == 0 && hasMedia, expected: "0 errors", actual: actual)
        )

        if self.info.video != nil {
            verdicts.append(
                Verdict(
                    rule: "frames",
                    passed: summary.videoFrames > 0,
                    expected: "at least 1 decodable video frame",
                    actual: "\(summary.videoFrames) frames"
                )
            )
            verdicts.append(
                Self.stretches("black", summary.blackStretches, minimum: self.options.minimumBlackSeconds)
            )
            verdicts.append(
                Self.stretches("frozen", summary.frozenStretches, minimum: self.options.minimumFreezeSeconds)
            )
            if let content = summary.content {
                verdicts += self.content(content)
            }
        }
        if let stated = self.info.format.duration, let decoded = summary.videoDuration,
            abs(stated - decoded) > max(1.0, 0.1 * decoded)
        {
            verdicts.append(
                Verdict(
                    rule: "duration_consistent",
                    passed: false,
                    expected: "container duration \(formatSeconds(stated)) matches the media",
                    actual: "video frames span \(formatSeconds(decoded))",
                    severity: .warning
                )
            )
        }
        verdicts += self.audio(summary)
        return verdicts
    }

    /// `faststart`: whether `moov` precedes `mdat`, and what is there when either is missing.
    private static func fastStart(_ boxes: TopLevelBoxes?) -> Verdict {
        let expected = "moov before mdat"
        guard let boxes, let moov = boxes.first("moov") else {
            return Verdict(rule: "faststart", passed: false, expected: expected, actual: "no moov box found", severity: .warning)
        }
        guard let mdat = boxes.first("mdat") else {
            var names: [String] = []
            for box in boxes.boxes where names.last != box.type { names.append(box.type) }
            let list = names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", ..." : "")
            return Verdict(
                rule: "faststart", passed: false, expected: expected,
                actual: "no mdat box (top-level boxes: \(list))", severity: .warning
            )
        }
        let before = moov.offset < mdat.offset
        return Verdict(
            rule: "faststart", passed: before, expected: expected,
            actual: before ? "moov before mdat" : "moov after mdat", severity: .warning
        )
    }

    static func stretches(_ kind: String, _ spans: [TimeSpan], minimum: Double) -> Verdict {
        let long = spans.filter { $0.duration >= minimum - 1e-6 }
        let actual =
            long.isEmpty
            ? "none"
            : long.map { "\($0) (\(formatSeconds($0.duration)))" }.joined(separator: ", ")
        return Verdict(
            rule: kind,
            passed: long.isEmpty,
            expected: "no \(kind) stretch of \(formatSeconds(minimum)) or more",
            actual: actual,
            spans: long
        )
    }
}
