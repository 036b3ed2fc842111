import FFmpegKit

#if canImport(Glibc)
    import Glibc
#endif

/// Measures the decoded frames of the main audio stream as they pass: length, sample peak,
/// clipped samples and where they are, silent stretches, and EBU R128 loudness.
///
/// Silence and clipping are found per decoded frame (about 21 ms for AAC): a frame is silent
/// when its highest sample is below the silence level.
struct AudioAnalysis {
    /// Full scale: the largest 16-bit sample and anything louder count as clipped.
    static let clipLevel = 32767.0 / 32768.0

    private let silenceLevel: Double
    private let measureLoudness: Bool
    private var meter = LoudnessMeter()
    private var stream = 0
    private var first: Double?
    private var end: Double?
    private var samples = 0
    private var peak = 0.0
    private var clipped = 0
    private var clipping: [TimeSpan] = []
    private var silence: [TimeSpan] = []
    private var silenceStart: Double?
    private var unmeasured = false

    /// - Parameters:
    ///   - silenceLevel: dBFS below which a frame is silent.
    ///   - loudness: whether to run `ebur128` (skipped when the rule is off).
    init(silenceLevel: Double, loudness: Bool) {
        self.silenceLevel = pow(10, silenceLevel / 20)
        self.measureLoudness = loudness
    }

    /// Adds one decoded frame of `stream`.
    mutating func add(_ frame: Frame, stream: StreamParameters) {
        let rate = frame.sampleRate > 0 ? frame.sampleRate : stream.sampleRate
        guard rate > 0 else { return }
        let length = Double(frame.sampleCount) / Double(rate)
        let start = stream.seconds(frame.bestEffortTimestamp ?? frame.pts) ?? self.end ?? 0
        if self.first == nil {
            self.first = start
            self.stream = stream.index
        }
        let end = start + length
        self.end = max(self.end ?? end, end)
        if self.measureLoudness {
            self.meter.add(frame, timeBase: stream.timeBase)
        }
        guard let levels = frame.audioLevels(clipLevel: Self.clipLevel) else {
            self.unmeasured = true
            return
        }
        self.samples += frame.sampleCount * frame.channelCount
        self.peak = max(self.peak, levels.peak)
        if levels.clipped > 0 {
            self.clipped += levels.clipped
            Self.extend(&self.clipping, TimeSpan(start: start, end: end))
        }
        if levels.peak < self.silenceLevel {
            if self.silenceStart == nil { self.silenceStart = start }
        } else if let silenceStart = self.silenceStart {
            self.silence.append(TimeSpan(start: silenceStart, end: start))
            self.silenceStart = nil
        }
    }

    /// What was measured; `nil` when no frame was decoded.
    mutating func finish() -> AudioSummary? {
        guard let first = self.first, let end = self.end else { return nil }
        if let silenceStart = self.silenceStart {
            self.silence.append(TimeSpan(start: silenceStart, end: end))
            self.silenceStart = nil
        }
        let loudness = self.measureLoudness ? self.meter.finish() : nil
        var loudnessError = self.measureLoudness ? self.meter.failure : nil
        if self.measureLoudness, loudness == nil, loudnessError == nil {
            loudnessError = "loudness not measured: no audio reached the meter"
        }
        return AudioSummary(
            stream: self.stream,
            duration: end - first,
            samples: self.samples,
            peak: self.unmeasured || self.peak <= 0 ? nil : 20 * log10(self.peak),
            clippedSamples: self.clipped,
            clipping: self.clipping,
            silence: self.silence,
            loudness: loudness,
            loudnessError: loudnessError
        )
    }

    /// Appends `span`, joining it to the last stretch when they touch (within 1 ms).
    private static func extend(_ spans: inout [TimeSpan], _ span: TimeSpan) {
        if let last = spans.last, span.start <= last.end + 0.001 {
            spans[spans.count - 1].end = max(last.end, span.end)
        } else {
            spans.append(span)
        }
    }
}
