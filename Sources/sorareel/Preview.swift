import ArgumentParser
import Foundation
import MediaKit

extension Sorareel {
    /// `sorareel preview FILE --seconds S --width W --format webp|gif [--at T] [--fps N] --output PATH [--json]`
    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a short animated preview loop (WebP or GIF) of a video.",
            discussion: """
                The loop comes from the most representative stretch of the video (around its best still: not black, \
                not flat, the sharpest), or starts at --at. GIF gets a palette made for the loop (palettegen) and \
                dithering (paletteuse).
                """
        )

        @Argument(help: "A video.") var file: String
        @Option(
            name: .long, parsing: .unconditional, help: "Seconds of video in the loop (0.2-60).",
            transform: ArgumentValues.decimal("--seconds", 0.2...60, unit: "seconds")
        )
        var seconds: Double = 3
        @Option(
            name: .long, parsing: .unconditional, help: "Width in pixels (16-1920); the height follows the picture's shape.",
            transform: ArgumentValues.integer("--width", 16...1920)
        )
        var width: Int = 320
        @Option(name: .long, help: "webp or gif; default: from the output's extension, else webp.") var format: AnimationFormat?
        @Option(
            name: .long, parsing: .unconditional, help: "Start the loop here, in seconds, instead of at the most representative stretch.",
            transform: ArgumentValues.decimal("--at", 0...86_400, unit: "seconds")
        )
        var at: Double?
        @Option(name: .long, parsing: .unconditional, help: "Pictures per second of the loop (1-30).", transform: ArgumentValues.integer("--fps", 1...30))
        var fps: Int = 10
        @Option(name: .shortAndLong, help: "The file to write (NAME.webp or NAME.gif).") var output: String
        @Flag(name: .long, help: "Print the preview as JSON.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            self.global.configureLogging()
            let format = self.format ?? (URL(fileURLWithPath: self.output).pathExtension.lowercased() == "gif" ? .gif : .webp)
            let preview = AnimatedPreview(seconds: self.seconds, width: self.width, format: format, start: self.at, frameRate: self.fps)
            let report: AnimatedPreviewReport
            do throws(MediaError) {
                report = try await preview.make(self.file, to: self.output)
            } catch {
                if self.json { try printJSON(PreviewDocument(path: self.file, preview: nil, error: ErrorBody(error))) }
                printError(error.description)
                throw ExitCode(1)
            }
            if self.json {
                try printJSON(PreviewDocument(path: self.file, preview: report, error: nil))
            } else {
                print(
                    "\(report.path)  \(report.width)x\(report.height), \(report.frames) frames, "
                        + String(format: "%.2f s from %.2f s", report.seconds, report.start)
                )
            }
            if !self.global.quiet { for note in report.notes { printError("\(self.file): warning: \(note)") } }
        }
    }
}

/// `{"path": ..., "preview": {...}}` or `{"path": ..., "error": {...}}`: the JSON document of `preview --json`.
struct PreviewDocument: Encodable {
    var path: String
    var preview: AnimatedPreviewReport?
    var error: ErrorBody?
}
