import ArgumentParser
import MediaKit
import SoraAPI

extension Sorareel {
    /// `sorareel validate FILE... [--expect-size WxH] [--expect-seconds S] [--tolerance S] [--codec NAME] [--quick] [--json]`
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check clips for QA: structure, expectations, web playback, and a full decode."
        )

        @Argument(help: "Media files to validate.")
        var files: [String]

        @Option(name: .long, help: "Expected size, e.g. 1280x720.")
        var expectSize: VideoSize?

        @Option(name: .long, help: "Expected duration in seconds.")
        var expectSeconds: Double?

        @Option(name: .long, parsing: .unconditional, help: "Allowed difference from --expect-seconds, in seconds.", transform: ArgumentValues.decimal("--tolerance", 0...86_400, unit: "seconds"))
        var tolerance: Double = 0.25

        @Option(name: .long, help: "Expected video codec, e.g. h264.")
        var codec: String?

        @Flag(name: .long, inversion: .prefixedNo, help: "Decode every frame (default); --quick skips it.")
        var deep = true

        @Flag(name: .long, help: "Skip the full decode: structure and expectations only.")
        var quick = false

        @Option(name: .long, parsing: .unconditional, help: "Shortest black stretch that fails a file, in seconds.", transform: ArgumentValues.positiveSeconds("--black-min", upTo: 86_400))
        var blackMin: Double = 1.0

        @Option(name: .long, help: "Shortest frozen stretch that fails a file, in seconds.")
        var freezeMin: Double = 2.0

        @Flag(name: .long, help: "Print one JSON document: {\"files\":[report...]}.")
        var json = false

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard self.tolerance >= 0 else { throw ValidationError("--tolerance must not be negative") }
            guard self.blackMin > 0, self.freezeMin > 0 else {
                throw ValidationError("--black-min and --freeze-min must be positive")
            }
        }

        func run() async throws {
            self.global.configureLogging()
            let validator = Validator(
                options: ValidationOptions(
                    expectedSize: self.expectSize,
                    expectedSeconds: self.expectSeconds,
                    tolerance: self.tolerance,
                    expectedCodec: self.codec,
                    deep: self.deep && !self.quick,
                    minimumBlackSeconds: self.blackMin,
                    minimumFreezeSeconds: self.freezeMin
                )
            )
            var reports: [ValidationReport] = []
            for path in self.files {
                let report = try await validator.validate(path)
                reports.append(report)
                if !self.json {
                    print(VerdictTable(report: report, showPassing: !self.global.quiet).text)
                }
            }
            if self.json {
                try printJSON(["files": reports])
            }
            if reports.contains(where: { !$0.passed }) {
                throw ExitCode(1)
            }
        }
    }
}

