import ArgumentParser
import MediaKit
import SoraAPI

extension Sorareel {
    /// `sorareel concat FILE... --output reel.mp4 [--mode auto|copy|reencode] [--size WxH] [--fps N] [--crossfade S] [--chapters]`
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

        @Flag(name: .long, help: "Use damaged (cut-short) clips for what can be read, with a warning, instead of refusing them.")
        var allowDamaged = false

        @Flag(name: .long, help: "Print the result as JSON.")
        var json = false

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard self.title.isEmpty || self.title.count == self.files.count else {
                throw ValidationError("give one --title per clip (\(self.files.count)), or none")
            }
        }

        func run() async throws {
            self.global.configureLogging()
            var options = ReelOptions(mode: self.mode, size: self.size, rate: self.fps, crossfade: self.crossfade, chapters: self.chapters)
            options.allowsDamaged = self.allowDamaged
            let printer = self.global.quiet ? nil : ReelProgressPrinter()
            var builder = ReelBuilder(options: options)
            if let printer {
                builder.progress = { @Sendable progress in printer.report(progress) }
            }
            defer { printer?.finish() }
            let inputs = self.files.enumerated().map { index, path in
                ReelInput(path: path, title: self.title.isEmpty ? nil : self.title[index])
            }
            do {
                let result = try await builder.build(inputs, to: self.output)
                if !self.global.quiet { for note in result.notes { printError("warning: \(note)") } }
                if self.json {
                    try printJSON(result)
                } else if !self.global.quiet {
                    printError("\(result.mode.rawValue): \(result.reason)")
                    print(result.path)
                }
            } catch let error as MediaError {
                if self.json { try printJSON(ConcatFailure(path: self.output, error: ErrorBody(error), failedInput: error.path)) }
                printError(error.description)
                throw ExitCode(1)
            }
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
