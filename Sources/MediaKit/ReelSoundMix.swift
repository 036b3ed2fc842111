import FFmpegKit
import Foundation

/// How ``ReelSoundMix`` shapes a reel's sound.
struct ReelSoundPlan: Hashable {
    /// The reel's length in samples at 48 kHz: the sound is made exactly this long.
    var length: Int64
    /// Gain on the music bed in dB; `nil` without music.
    var musicGain: Double?
    /// Gain on the whole mix in dB (the loudness correction).
    var gain: Double = 0
    /// The limiter's ceiling in dB of the 4x-oversampled signal (a true-peak ceiling); `nil`
    /// for no limiter (the passes that only measure).
    var ceiling: Double?

    /// Seconds of the music bed's fade in and out: 1.5 s, less on a reel under 6 s.
    var musicFade: Double {
        min(1.5, Double(self.length) / Double(ReelEncoder.sampleRate) / 4)
    }
}

/// Lays a reel's sound out on its timeline and runs it through one libavfilter graph: the
/// clips' sound, placed by its timestamps (silence in gaps, overlaps dropped, cut at the
/// reel's end); the music bed under it, at its gain, fading in and out (`volume`, `afade`,
/// summed by `amix` without normalisation); the mix's gain (`volume`); and a lookahead limiter
/// run at 192 kHz (`aresample`, `alimiter` with latency compensation), so that it holds true
/// peaks, not only sample peaks, under its ceiling.
///
/// Hands exactly ``ReelSoundPlan/length`` samples of 48 kHz stereo planar float to `output`,
/// in blocks, as they come out of the graph.
final class ReelSoundMix {
    static let block = 1024
    /// How far, in samples (10 ms), the clips' sound may drift from its timestamps before
    /// silence is put in or samples dropped.
    static let drift: Int64 = 480

    private let plan: ReelSoundPlan
    private let music: MusicBed?
    private let hasClipSound: Bool
    private let graph: FilterGraph
    private let output: (Frame) throws(MediaError) -> Void
    private let resampler = Resampler(sampleRate: ReelEncoder.sampleRate)
    /// The clips' sound placed on the timeline and not yet pushed into the graph.
    private let clipSound = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
    /// Samples pushed into the graph (on every source).
    private var pushed: Int64 = 0
    /// Samples handed to `output`.
    private var delivered: Int64 = 0
    private let filtered = Frame()

    /// - Parameters:
    ///   - hasClipSound: whether clip sound will be added; without it the music (or silence)
    ///     is the reel's sound, and ``advance(to:)`` paces it.
    ///   - music: the bed, when ``ReelSoundPlan/musicGain`` is set.
    init(plan: ReelSoundPlan, hasClipSound: Bool, music: MusicBed?, output: @escaping (Frame) throws(MediaError) -> Void) throws(FFmpegError) {
        let music = plan.musicGain == nil ? nil : music
        let hasClipSound = hasClipSound || music == nil
        self.plan = plan
        self.music = music
        self.hasClipSound = hasClipSound
        self.output = output
        let template = try Frame.audio(samples: 1, sampleRate: ReelEncoder.sampleRate, channels: 2)
        let sources = (hasClipSound ? 1 : 0) + (music == nil ? 0 : 1)
        self.graph = try FilterGraph.audio(
            description: Self.description(plan, hasClipSound: hasClipSound, hasMusic: music != nil),
            inputs: Array(repeating: template, count: sources), timeBase: Rational(1, Int32(ReelEncoder.sampleRate))
        )
    }

    /// The filter graph: `in0` the clips' sound (when there is any), then the music.
    static func description(_ plan: ReelSoundPlan, hasClipSound: Bool, hasMusic: Bool) -> String {
        func number(_ value: Double) -> String { String(format: "%.4f", value) }
        var master: [String] = []
        if plan.gain != 0 { master.append("volume=\(number(plan.gain))dB") }
        if let ceiling = plan.ceiling {
            let limit = min(1, max(0.0625, pow(10, ceiling / 20)))
            master += ["aresample=192000", "alimiter=limit=\(number(limit)):level=0:attack=1:release=100:latency=1", "aresample=48000"]
        }
        master.append("aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo")
        let mastering = master.joined(separator: ",")
        guard hasMusic, let musicGain = plan.musicGain else { return "[in0]\(mastering)[out]" }
        let seconds = Double(plan.length) / Double(ReelEncoder.sampleRate)
        let fade = plan.musicFade
        let bed = "volume=\(number(musicGain))dB,afade=t=in:st=0:d=\(number(fade)),afade=t=out:st=\(number(max(0, seconds - fade))):d=\(number(fade))"
        guard hasClipSound else { return "[in0]\(bed),\(mastering)[out]" }
        return "[in1]\(bed)[bed];[in0][bed]amix=inputs=2:duration=first:dropout_transition=0:normalize=0,\(mastering)[out]"
    }

    /// Places a decoded block of the clips' sound that starts `seconds` into the reel (`nil`:
    /// right after the previous block).
    func addClipSound(_ decoded: Frame, at seconds: Double?) throws(MediaError) {
        try self.run { () throws(FFmpegError) in
            var block = try self.resampler.convert(decoded)
            let placed = self.pushed + Int64(self.clipSound.count)
            let start = seconds.map { Int64(($0 * Double(ReelEncoder.sampleRate)).rounded()) } ?? placed
            if start - placed > Self.drift {
                try self.clipSound.writeSilence(Int(min(start, self.plan.length) - placed))
            } else if placed - start > Self.drift {
                let drop = Int(min(placed - start, Int64(block.sampleCount)))
                guard drop < block.sampleCount else { return }
                let rest = AudioFIFO(sampleRate: ReelEncoder.sampleRate)
                try rest.write(block, from: drop)
                block = try rest.read(rest.count)
            }
            let room = self.plan.length - (self.pushed + Int64(self.clipSound.count))
            if room > 0 { try self.clipSound.write(block, count: Int(min(room, Int64(block.sampleCount)))) }
        }
        try self.pushReady(final: false)
    }

    /// Without clip sound: makes the reel's sound up to sample `sample`, so that it keeps
    /// pace with the pictures being written.
    func advance(to sample: Int64) throws(MediaError) {
        guard !self.hasClipSound else { return }
        while self.pushed + Int64(Self.block) <= min(sample, self.plan.length) {
            try self.push(Self.block)
        }
    }

    /// Makes the rest of the sound (silence after the clips' sound, music to the end), flushes
    /// the filters, and pads what they return to exactly the reel's length.
    func finish() throws(MediaError) {
        if self.hasClipSound {
            let missing = self.plan.length - self.pushed - Int64(self.clipSound.count)
            if missing > 0 { try self.run { () throws(FFmpegError) in try self.clipSound.writeSilence(Int(missing)) } }
        }
        try self.pushReady(final: true)
        try self.run { () throws(FFmpegError) in
            let sources = (self.hasClipSound ? 1 : 0) + (self.music == nil ? 0 : 1)
            for source in 0..<sources { try self.graph.pushEndOfStream(input: source) }
        }
        try self.drain()
        while self.delivered < self.plan.length {
            let count = Int(min(Int64(4096), self.plan.length - self.delivered))
            let silence = try self.run { () throws(FFmpegError) in try Frame.audio(samples: count, sampleRate: ReelEncoder.sampleRate, channels: 2) }
            silence.fillTone(firstSample: 0, frequency: 0, amplitude: 0)
            self.delivered += Int64(count)
            try self.output(silence)
        }
    }

    /// Pushes whole blocks of what is placed (and, at the end, the rest).
    private func pushReady(final: Bool) throws(MediaError) {
        if self.hasClipSound {
            while self.clipSound.count >= Self.block || (final && self.clipSound.count > 0) {
                try self.push(min(Self.block, self.clipSound.count))
            }
        } else if final {
            while self.pushed < self.plan.length {
                try self.push(Int(min(Int64(Self.block), self.plan.length - self.pushed)))
            }
        }
    }

    /// Pushes `count` samples into every source (the clips' sound, the music), then takes what comes out.
    private func push(_ count: Int) throws(MediaError) {
        let music = try self.music?.read(count)
        try self.run { () throws(FFmpegError) in
            var source = 0
            if self.hasClipSound {
                let clips = try self.clipSound.read(count)
                clips.pts = self.pushed
                try self.graph.push(clips, input: source)
                source += 1
            }
            if let music {
                music.pts = self.pushed
                try self.graph.push(music, input: source)
            }
        }
        self.pushed += Int64(count)
        try self.drain()
    }

    private func drain() throws(MediaError) {
        while try self.run({ () throws(FFmpegError) in try self.graph.pull(into: self.filtered) }) == .frame {
            let room = self.plan.length - self.delivered
            if room < Int64(self.filtered.sampleCount) { self.filtered.truncateSamples(to: Int(max(0, room))) }
            if self.filtered.sampleCount > 0 {
                self.delivered += Int64(self.filtered.sampleCount)
                try self.output(self.filtered)
            }
            self.filtered.unref()
        }
    }

    /// Runs FFmpeg work, turning its failure into a plain ``MediaError`` (the reel's sound
    /// could not be made); the caller names the reel.
    private func run<T>(_ body: () throws(FFmpegError) -> T) throws(MediaError) -> T {
        do {
            return try body()
        } catch {
            if error.code == FFmpegError.exit { throw MediaError(.cancelled, path: "", "cancelled") }
            throw MediaError(.writeFailed, path: "", "cannot mix the reel's sound (\(error.function))")
        }
    }
}
