import ArgumentParser
import Foundation
import MediaKit
import ReelPipeline
import SoraAPI

extension Sorareel {
    /// `sorareel validate PATH... [--recursive] [--policy FILE] [--junit FILE] [--json] [thresholds...]`
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check clips for QA: structure, web playback, a full decode, the pictures and the sound.",
            discussion: """
                PATH is a media file or a folder of them (--recursive walks subfolders; other files are \
                skipped with a note). Files are checked in parallel, one decode per stream for every rule.

                Rules: readable, container, video_streams, size, duration, codec, web_playback, faststart, \
                decode, frames, black, frozen, duration_consistent, flashes, static, cuts, silence, clipping, \
                loudness, av_length. --policy FILE (YAML) sets their levels (error, warning, off) and \
                thresholds, with per-glob overrides; threshold flags and --rule override the policy.

                Exit codes: 0 every file passed; 1 a check failed; 2 a usage error, or an input that \
                does not exist or cannot be read.
                """
        )

        @Argument(help: "Media files or folders to validate.")
        var paths: [String]

        @Flag(name: .long, help: "Walk subfolders of the folders named.")
        var recursive = false

        @Option(name: .long, help: "A policy file (YAML): rule levels and thresholds, with per-glob overrides.")
        var policy: String?

        @Option(name: .long, help: "Write JUnit XML for CI test reporters to FILE.")
        var junit: String?

        @Option(
            name: .long, parsing: .unconditional, help: "Files checked at once (default: the number of cores).",
            transform: ArgumentValues.integer("--jobs", 1...256)
        )
        var jobs: Int?

        @Flag(name: .long, help: "Print one JSON document: {\"files\":[report...],\"summary\":{...}}.")
        var json = false

        @Option(name: .long, help: "Expected size, e.g. 1280x720.")
        var expectSize: VideoSize?

        @Option(
            name: .long, parsing: .unconditional, help: "Expected duration in seconds.",
            transform: ArgumentValues.decimal("--expect-seconds", 0.001...86_400, unit: "seconds")
        )
        var expectSeconds: Double?

        @Option(name: .long, help: "Expected video codec, e.g. h264 (any case; avc, avc1, hevc, h265 are understood).")
        var codec: String?

        @Flag(name: .long, inversion: .prefixedNo, help: "Decode every frame (default); --quick skips it.")
        var deep = true

        @Flag(name: .long, help: "Skip the full decode: structure and expectations only.")
        var quick = false

        @OptionGroup(title: "Thresholds (each overrides the policy file)")
        var thresholds: ValidateThresholds

        @Option(name: .long, help: ArgumentHelp("A rule's level: NAME=error|warning|off (repeatable).", valueName: "name=level"))
        var rule: [String] = []

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let problem = try self.flagPolicy().problem { throw ValidationError(problem) }
            if let junit, self.paths.contains(junit) { throw ValidationError("--junit \(junit) would overwrite an input") }
        }

        /// The flags' thresholds and levels, as the top layer of the policy.
        func flagPolicy() throws -> ValidationPolicy {
            var policy = self.thresholds.policy
            if let seconds = self.expectSeconds {
                policy.rules["duration", default: ValidationPolicy.RuleSettings()].parameters["seconds"] = seconds
            }
            for text in self.rule {
                let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let level = RuleLevel(rawValue: parts[1].lowercased()) else {
                    throw ValidationError("--rule \(text): use NAME=error, NAME=warning or NAME=off")
                }
                guard let known = ValidationRuleCatalog.rule(parts[0]), !known.levelIsFixed else {
                    throw ValidationError("--rule \(text): \(parts[0]) is not a rule whose level can be set")
                }
                policy.rules[parts[0], default: ValidationPolicy.RuleSettings()].level = level
            }
            return policy
        }

        func run() async throws {
            self.global.configureLogging()
            var policy = ValidationPolicy()
            if let path = self.policy {
                do {
                    policy = try ValidationPolicyFile.load(path: path)
                } catch {
                    printError(error.description)
                    throw ExitCode(2)
                }
            }
            policy = policy.layered(under: try self.flagPolicy())

            let inputs = MediaFiles(self.paths, recursive: self.recursive)
            for line in inputs.unreadable { printError(line) }
            if self.global.verbose {
                for line in inputs.skipped { printError(line) }
            } else if !inputs.skipped.isEmpty, !self.global.quiet {
                printError(
                    "validate: skipped \(inputs.skipped.count) path\(inputs.skipped.count == 1 ? "" : "s") that are not media files (--verbose lists them)")
            }

            let files = inputs.files
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let concurrency = max(1, min(self.jobs ?? cores, files.count))
            let options = ValidationOptions(
                expectedSize: self.expectSize,
                expectedSeconds: self.expectSeconds,
                expectedCodec: self.codec,
                deep: self.deep && !self.quick,
                decoderThreads: concurrency > 1 ? max(1, cores / concurrency) : 0
            )
            let validator = Validator(options: options, policy: policy)
            var reports: [ValidationReport] = []
            var times: [Double] = []
            try await validator.validate(files, concurrency: concurrency) { _, report, seconds in
                reports.append(report)
                times.append(seconds)
                guard !self.json else { return }
                if self.global.quiet {
                    if let text = VerdictTable(report: report, showPassing: false).failuresText { print(text) }
                } else {
                    print(VerdictTable(report: report, showPassing: true).text)
                }
            }

            let summary = ValidationSummary(reports: reports)
            if self.json {
                try printJSON(ValidationDocument(files: reports, summary: summary))
            } else if !self.global.quiet, !files.isEmpty {
                print(summary.text)
            }
            if let junit = self.junit {
                do {
                    try Data(JUnitReport(reports: reports, times: times).xml.utf8).write(to: URL(fileURLWithPath: junit), options: .atomic)
                } catch {
                    printError("\(junit): cannot write the JUnit report: \(error.localizedDescription)")
                    throw ExitCode(2)
                }
            }
            if !inputs.unreadable.isEmpty { throw ExitCode(2) }
            if summary.failed > 0 { throw ExitCode(1) }
        }

        /// Turns argument-parser's usage errors for `validate` into exit code 2, as documented;
        /// other commands keep argument-parser's code. Call before `main` runs the command.
        static func exitOnUsageError(_ arguments: [String]) {
            guard arguments.first == "validate" else { return }
            do {
                _ = try Sorareel.parseAsRoot(arguments)
            } catch {
                guard Sorareel.exitCode(for: error) == .validationFailure else { return }
                printError(Sorareel.fullMessage(for: error))
                Foundation.exit(2)
            }
        }
    }
}

/// `--json`'s document.
struct ValidationDocument: Encodable {
    var files: [ValidationReport]
    var summary: ValidationSummary
}
