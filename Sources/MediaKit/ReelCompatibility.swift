import FFmpegKit

/// Decides whether clips can be joined by stream copy: only when every input carries the
/// same stream set with byte-identical codec setup, since a decoder configured by the first
/// clip's SPS/PPS must be able to decode every later clip.
struct ReelCompatibility {
    /// One input, described by value: inputs are opened again one at a time when their turn
    /// comes, so a reel of many clips never holds them all open (each open input keeps its
    /// probing buffers: 20 of them cost 10 MiB).
    struct Clip {
        var path: String
        var video: StreamParameters
        var audio: StreamParameters?
        /// Seconds, from ``ReelBuilder/duration(of:)``.
        var duration: Double
        /// The container's start, in seconds.
        var startTime: Double
        var options: InputOptions
        /// Cut short: read up to the first damaged packet, and no further.
        var isDamaged = false
        /// The build's: its reads stop when the build is cancelled.
        var interruption: Interruption?

        /// Opens the input for its turn; `probing: false` only reads packets (it was probed before).
        func open(probing: Bool = true) throws(FFmpegError) -> InputFormatContext {
            var options = self.options
            options.probesStreams = probing
            return try InputFormatContext(path: self.path, options: options, interruption: self.interruption)
        }
    }

    /// The first difference between `clips[0]` and a later clip, in words, or `nil` when all match.
    static func firstMismatch(_ clips: [Clip]) -> String? {
        guard let first = clips.first else { return nil }
        for clip in clips.dropFirst() {
            let name = clip.path.split(separator: "/").last.map(String.init) ?? clip.path
            let reference = first.path.split(separator: "/").last.map(String.init) ?? first.path
            if let difference = Self.difference(first.video, clip.video, kind: "video") {
                return "\(name) differs from \(reference): \(difference)"
            }
            switch (first.audio, clip.audio) {
            case (nil, nil): continue
            case (.some, nil): return "\(name) has no audio stream, \(reference) has one"
            case (nil, .some): return "\(name) has an audio stream, \(reference) has none"
            case (.some(let a), .some(let b)):
                if let difference = Self.difference(a, b, kind: "audio") {
                    return "\(name) differs from \(reference): \(difference)"
                }
            }
        }
        return nil
    }

    private static func difference(_ a: StreamParameters, _ b: StreamParameters, kind: String) -> String? {
        func describe(_ value: Any?) -> String { value.map { "\($0)" } ?? "none" }
        var checks: [(String, String, String)] = [
            ("codec", describe(a.codecName), describe(b.codecName)),
            ("profile", describe(a.profile), describe(b.profile)),
        ]
        if kind == "video" {
            checks += [
                ("size", "\(a.width)x\(a.height)", "\(b.width)x\(b.height)"),
                ("sample aspect ratio", "\(a.sampleAspectRatio)", "\(b.sampleAspectRatio)"),
                ("pixel format", describe(a.pixelFormat), describe(b.pixelFormat)),
                ("rotation", describe(a.rotation), describe(b.rotation)),
                ("mirroring", a.uprightMirrored ? "mirrored" : "not mirrored", b.uprightMirrored ? "mirrored" : "not mirrored"),
            ]
        } else {
            checks += [
                ("sample rate", "\(a.sampleRate) Hz", "\(b.sampleRate) Hz"),
                ("channel layout", describe(a.channelLayout), describe(b.channelLayout)),
            ]
        }
        for (what, left, right) in checks where left != right {
            return "\(kind) \(what) \(right) vs \(left)"
        }
        if a.extradata != b.extradata {
            return "\(kind) codec setup (extradata\(kind == "video" ? ", SPS/PPS" : "")) is not identical"
        }
        return nil
    }
}
