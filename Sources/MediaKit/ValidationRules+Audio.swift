/// Rules on the sound: `silence`, `clipping`, `loudness` and `av_length`. A clip without an
/// audio stream gets "not applicable" from each, never a failure.
extension ValidationRules {
    func audio(_ summary: DecodeSummary) -> [Verdict] {
        let expectations = [
            ("silence", self.silenceExpectation),
            ("clipping", self.clippingExpectation),
            ("loudness", self.loudnessExpectation),
            ("av_length", self.avLengthExpectation),
        ]
        guard self.info.audio != nil else {
            return expectations.map { Verdict.notApplicable($0.0, expected: $0.1, reason: "no audio stream") }
        }
        guard let audio = summary.audio else {
            return expectations.map { Verdict.notApplicable($0.0, expected: $0.1, reason: "no audio frame decoded") }
        }
        return [self.silence(audio), self.clipping(audio), self.loudness(audio), self.avLength(audio, summary)]
    }

    private var silenceExpectation: String {
        "no stretch below \(formatNumber(self.options.silenceLevel, decimals: 1)) dBFS of \(formatSeconds(self.options.minimumSilenceSeconds)) or more"
    }

    private var clippingExpectation: String {
        "at most \(formatNumber(self.options.maximumClippedRatio * 100, decimals: 4))% of samples at full scale"
    }

    private var loudnessExpectation: String {
        var parts: [String] = []
        if let target = self.options.loudnessTarget {
            parts.append("\(formatNumber(target, decimals: 1)) ± \(formatNumber(self.options.loudnessTolerance, decimals: 1)) LUFS integrated")
        }
        if let peak = self.options.maximumTruePeak {
            parts.append("true peak at most \(formatNumber(peak, decimals: 1)) dBTP")
        }
        return parts.isEmpty ? "measured (no target set)" : parts.joined(separator: ", ")
    }

    private var avLengthExpectation: String {
        "audio and video lengths within \(formatSeconds(self.options.avLengthTolerance))"
    }

    private func silence(_ audio: AudioSummary) -> Verdict {
        let long = audio.silence.filter { $0.duration >= self.options.minimumSilenceSeconds - 1e-6 }
        let actual = long.isEmpty ? "none" : long.map { "\($0) (\(formatSeconds($0.duration)))" }.joined(separator: ", ")
        return Verdict(rule: "silence", passed: long.isEmpty, expected: self.silenceExpectation, actual: actual, spans: long)
    }

    private func clipping(_ audio: AudioSummary) -> Verdict {
        let ratio = audio.samples > 0 ? Double(audio.clippedSamples) / Double(audio.samples) : 0
        let peak = audio.peak.map { "peak \(formatNumber($0, decimals: 1)) dBFS" } ?? "digital silence"
        var actual = "none (\(peak))"
        if audio.clippedSamples > 0 {
            let places = audio.clipping.prefix(5).map(\.description).joined(separator: ", ") + (audio.clipping.count > 5 ? ", ..." : "")
            actual = "\(audio.clippedSamples) samples (\(formatNumber(ratio * 100, decimals: 4))%) at full scale, at \(places)"
        }
        return Verdict(
            rule: "clipping",
            passed: ratio <= self.options.maximumClippedRatio,
            expected: self.clippingExpectation,
            actual: actual,
            spans: audio.clippedSamples > 0 ? audio.clipping : nil
        )
    }

    private func loudness(_ audio: AudioSummary) -> Verdict {
        let checked = self.options.loudnessTarget != nil || self.options.maximumTruePeak != nil
        guard let loudness = audio.loudness else {
            let reason = audio.loudnessError ?? "loudness not measured"
            return Verdict(rule: "loudness", passed: !checked, expected: self.loudnessExpectation, actual: reason)
        }
        var passed = true
        if let target = self.options.loudnessTarget, abs(loudness.integrated - target) > self.options.loudnessTolerance + 1e-9 {
            passed = false
        }
        if let limit = self.options.maximumTruePeak, let peak = loudness.truePeak, peak > limit + 1e-9 {
            passed = false
        }
        let gated = loudness.integrated <= -69.95 ? " (at the -70 LUFS gate: silent or under 0.4 s)" : ""
        let peak = loudness.truePeak.map { "\(formatNumber($0, decimals: 1)) dBTP" } ?? "-inf dBTP"
        return Verdict(
            rule: "loudness",
            passed: passed,
            expected: self.loudnessExpectation,
            actual: "\(formatNumber(loudness.integrated, decimals: 1)) LUFS integrated\(gated), true peak \(peak), "
                + "range \(formatNumber(loudness.range, decimals: 1)) LU"
        )
    }

    private func avLength(_ audio: AudioSummary, _ summary: DecodeSummary) -> Verdict {
        guard let video = summary.videoDuration else {
            return .notApplicable("av_length", expected: self.avLengthExpectation, reason: "no decoded video")
        }
        let difference = abs(audio.duration - video)
        return Verdict(
            rule: "av_length",
            passed: difference <= self.options.avLengthTolerance + 1e-9,
            expected: self.avLengthExpectation,
            actual: "audio \(formatSeconds(audio.duration)), video \(formatSeconds(video)) (differ by \(formatSeconds(difference)))"
        )
    }
}
