import FFmpegKit

#if canImport(Glibc)
    import Glibc
#endif

/// EBU R128 loudness of decoded audio, measured by libavfilter's `ebur128` filter (the same
/// code as `ffmpeg -af ebur128=peak=true`), read from the metadata it attaches to frames.
///
/// The true peak is measured the way `ebur128` does it, 4x oversampled to 192 kHz by
/// libswresample (`aresample`) from the very samples `ebur128` passes on: the filter's own
/// metadata gives true peaks to three decimals of full scale, too coarse below -30 dBTP.
///
/// The filter graph is made from the first frame's shape; libavfilter converts to the 48 kHz
/// double samples `ebur128` needs. A frame whose shape changes mid-stream ends the measure
/// with a reason rather than a wrong number.
struct LoudnessMeter {
    /// `ebur128` filtering at 48 kHz, as libavfilter converts to.
    private var graph: FilterGraph?
    /// `aresample=192000` of what `ebur128` passes on, for the true peak.
    private var oversampler: FilterGraph?
    private let output = Frame()
    private let oversampled = Frame()
    private var fed = false
    private var integrated: Double?
    private var range = 0.0
    private var truePeak = 0.0
    private(set) var failure: String?

    /// Feeds one decoded frame whose timestamps are in `timeBase`.
    mutating func add(_ frame: Frame, timeBase: Rational) {
        guard self.failure == nil else { return }
        do {
            if self.graph == nil {
                self.graph = try FilterGraph.audio(
                    filters: [("ebur128", "metadata=1:framelog=verbose")], like: frame, timeBase: timeBase
                )
            }
            try self.graph?.push(frame)
            self.fed = true
            try self.drain()
        } catch {
            self.stop(error)
        }
    }

    /// Flushes the filters and returns the measure, or `nil` with ``failure`` set (or no audio fed).
    mutating func finish() -> Loudness? {
        if self.failure == nil, let graph = self.graph {
            do {
                try graph.pushEndOfStream()
                try self.drain()
                try self.oversampler?.pushEndOfStream()
                try self.drainOversampler()
            } catch {
                self.stop(error)
            }
        }
        self.graph = nil
        self.oversampler = nil
        guard self.failure == nil, self.fed else { return nil }
        // Under 100 ms of sound `ebur128` never reports: its integrated value stays at the gate.
        let integrated = self.integrated ?? -70
        let peak = self.truePeak > 0 ? 20 * log10(self.truePeak) : nil
        return Loudness(integrated: integrated, truePeak: peak, range: self.range)
    }

    private mutating func drain() throws(FFmpegError) {
        guard let graph = self.graph else { return }
        while try graph.pull(into: self.output) == .frame {
            self.read(self.output)
            if self.oversampler == nil {
                self.oversampler = try FilterGraph.audio(filters: [("aresample", "192000")], like: self.output, timeBase: Rational(1, 48_000))
            }
            try self.oversampler?.push(self.output)
            self.output.unref()
            try self.drainOversampler()
        }
    }

    private mutating func drainOversampler() throws(FFmpegError) {
        guard let oversampler = self.oversampler else { return }
        while try oversampler.pull(into: self.oversampled) == .frame {
            if let levels = self.oversampled.audioLevels(clipLevel: .infinity) {
                self.truePeak = max(self.truePeak, levels.peak)
            }
            self.oversampled.unref()
        }
    }

    /// Takes the running values from a frame's metadata: `ebur128` writes them every 100 ms.
    private mutating func read(_ frame: Frame) {
        guard let integrated = frame.metadata("lavfi.r128.I").flatMap(Double.init) else { return }
        self.integrated = integrated
        self.range = frame.metadata("lavfi.r128.LRA").flatMap(Double.init) ?? self.range
    }

    private mutating func stop(_ error: FFmpegError) {
        self.failure = "loudness not measured: \(error.message)"
        self.graph = nil
        self.oversampler = nil
    }
}
