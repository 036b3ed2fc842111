import ArgumentParser
import FFmpegKit
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

    /// Routes FFmpeg's own messages that no operation claimed to stderr, at the chosen level.
    ///
    /// libswscale warns "deprecated pixel format used, make sure you did set range correctly" on
    /// every JPEG still: the MJPEG encoder of FFmpeg 5.1 takes `yuvj420p`, whose full range is
    /// what the conversion needs (the still's levels match ffmpeg's own), so that line says
    /// nothing and is left out.
    func configureLogging() {
        let level: FFmpegLog.Level = self.verbose ? .warning : .quiet
        FFmpegLog.setSink(level: level) { _, line in
            guard !Self.isNoise(line) else { return }
            FileHandle.standardError.write(Data("ffmpeg: \(line)\n".utf8))
        }
    }

    /// FFmpeg messages that say nothing a user can act on.
    static func isNoise(_ line: String) -> Bool {
        line.contains("deprecated pixel format used, make sure you did set range correctly")
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
