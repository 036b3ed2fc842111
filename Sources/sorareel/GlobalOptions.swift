import ArgumentParser
import Foundation
import Logging
import MediaKit
import ReelPipeline
import SoraClient

/// Options every subcommand accepts.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Show more detail on stderr, including FFmpeg's warnings.")
    var verbose = false

    @Flag(name: .long, help: "Show only errors.")
    var quiet = false

    /// Where library logs go: stderr at `info` with `--verbose`, warnings otherwise, errors with `--quiet`.
    /// Request details never include credential headers (the client does not log them).
    var logger: Logger {
        var logger = Logger(label: "sorareel") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = self.verbose ? .debug : self.quiet ? .error : .warning
        return logger
    }

    /// Routes FFmpeg's own messages that no operation claimed to stderr, with `--verbose`.
    func configureLogging() {
        MediaLog.route(verbose: self.verbose) { line in
            FileHandle.standardError.write(Data("ffmpeg: \(line)\n".utf8))
        }
    }
}

/// Any error as the one line a command prints: the thing and the reason, no raw type dumps.
func describe(_ error: any Error) -> String {
    switch error {
    case let error as SoraAPIError: error.description
    case let error as MediaError: error.description
    case let error as PipelineError: error.description
    case let error as StoryboardError: error.description
    case is CancellationError: "stopped"
    default: "\(error)"
    }
}

/// Writes a line to stderr: progress, warnings and errors never mix with stdout's data.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Encodes `value` as the one JSON document a `--json` command prints on stdout.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}
