import ArgumentParser
import MediaKit
import SoraAPI

extension Sorareel {
    /// `sorareel concat FILE... --output reel.mp4 [--mode auto|copy|reencode] [--size WxH] [--fps N] [--crossfade S] [--chapters]
    /// [--caption TEXT]... [--trim START-END]... [--music FILE] [--loudness LUFS]`
    struct Concat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join clips into one reel: stream copy when they match, re-encode otherwise."
        )

        @Argument(help: "Clips, in reel order.")
        var files: [String]

        @Option(name: .shortAndLong, help: "The reel to write (MP4).")
        var output: String

        @Option(name: .long, help: "auto (copy when the inputs match), copy, or reencode.")
        var mode: ReelMode = .auto

        @Option(name: .long, help: "Reel size when re-encoding, e.g. 1280x720 (default: the first clip's).")
        var size: VideoSize?

        @Option(
            name: .long, parsing: .unconditional,
            help: "Frame rate when re-encoding, 1-120: 30, 29.97 or 30000/1001 (default: the first clip's, kept exact).",
            transform: ArgumentValues.frameRate("--fps", 1...120)
        )
        var fps: FrameRate?

        @Option(
            name: .long, parsing: .unconditional, help: "Seconds of cross-fade between clips, 0-10 (re-encodes).",
            transform: ArgumentValues.decimal("--crossfade", 0...10, unit: "seconds")
        )
        var crossfade: Double = 0

        @Flag(name: .long, inversion: .prefixedNo, help: "Write a chapter per clip, titled by its file name.")
        var chapters = true

        @Option(name: .long, help: "Chapter titles, one per clip, in order (repeatable).")
        var title: [String] = []

        @Option(name: .long, help: "Captions, one per clip, in order (repeatable; \"\" for none): a subtitle track in the reel and a .vtt file beside it.")
        var caption: [String] = []

        @Option(
            name: .long, parsing: .unconditionalSingleValue,
            help:
                "The part of each clip to use, one per clip, in order (repeatable): START-END in seconds, 1.5- or -4 with one end left, \"\" for the whole clip. Cut frame-accurately (re-encodes).",
            transform: ArgumentValues.trim("--trim")
        )
        var trim: [ClipTrim] = []

        @Option(name: .long, help: "An audio or video file whose sound is laid under the reel, 15 LU under the clips, faded in and out, looped.")
        var music: String?

        @Option(
            name: .long, parsing: .unconditional,
            help: "Target loudness in LUFS, -40 to -5 (e.g. -16), with a -1 dBTP true-peak ceiling; measured on the reel written.",
            transform: ArgumentValues.decimal("--loudness", ReelOptions.loudnessTargets, unit: "LUFS")
        )
        var loudness: Double?

        @Flag(name: .long, help: "Use damaged (cut-short) clips for what can be read, with a warning, instead of refusing them.")
        var allowDamaged = false

        @Flag(name: .long, help: "Print the result as JSON.")
        var json = false

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard self.title.isEmpty || self.title.count == self.files.count else {
                throw ValidationError("give one --title per clip (\(self.files.count)), or none")
            }
            guard self.caption.isEmpty || self.caption.count == self.files.count else {
                throw ValidationError("give one --caption per clip (\(self.files.count)), \"\" for a clip without one, or none")
            }
            guard self.trim.isEmpty || self.trim.count == self.files.count else {
                throw ValidationError("give one --trim per clip (\(self.files.count)), \"\" for a clip used whole, or none")
            }
        }

        func run() async throws {
            self.global.configureLogging()
            var options = ReelOptions(mode: self.mode, size: self.size, rate: self.fps, crossfade: self.crossfade, chapters: self.chapters)
            options.allowsDamaged = self.allowDamaged
            options.music = self.music
            options.loudness = self.loudness
            let printer = self.global.quiet ? nil : ReelProgressPrinter()
            var builder = ReelBuilder(options: options)
            if let printer {
                builder.progress = { @Sendable progress in printer.report(progress) }
            }
            defer { printer?.finish() }
            let inputs = self.files.enumerated().map { index, path in
                ReelInput(
                    path: path, title: self.title.isEmpty ? nil : self.title[index],
                    trim: self.trim.isEmpty || self.trim[index] == ClipTrim() ? nil : self.trim[index],
                    caption: self.caption.isEmpty ? nil : self.caption[index]
                )
            }
            do {
                let result = try await builder.build(inputs, to: self.output)
                if !self.global.quiet { for note in result.notes { printError("warning: \(note)") } }
                if self.json {
                    try printJSON(result)
                } else if !self.global.quiet {
                    printError("\(result.mode.rawValue): \(result.reason)")
                    if let loudness = result.loudness {
                        printError("loudness: \(Self.decimal(loudness.integrated)) LUFS, true peak \(Self.decimal(loudness.truePeak)) dBTP")
                    }
                    print(result.path)
                    if let captions = result.captionsPath { print(captions) }
                }
            } catch let error as MediaError {
                if self.json { try printJSON(ConcatFailure(path: self.output, error: ErrorBody(error), failedInput: error.path)) }
                printError(error.description)
                throw ExitCode(1)
            }
        }

        /// `-16.0`: a level to a tenth, as ffmpeg's ebur128 prints it.
        static func decimal(_ value: Double) -> String {
            guard value.isFinite, abs(value) < 1e6 else { return "\(value)" }
            let tenths = Int((value * 10).rounded())
            return "\(tenths < 0 ? "-" : "")\(abs(tenths) / 10).\(abs(tenths) % 10)"
        }
    }
}

/// What `concat --json` prints when no reel was made: the reel's path, the error, and the file
/// it concerns (an input, or the reel itself).
struct ConcatFailure: Encodable {
    var path: String
    var error: ErrorBody
    var failedInput: String

    enum CodingKeys: String, CodingKey {
        case path, error
        case failedInput = "file"
    }
}
