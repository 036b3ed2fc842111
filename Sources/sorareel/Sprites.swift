import ArgumentParser
import Foundation
import MediaKit

extension Sorareel {
    /// `sorareel sprites FILE... --interval S --width W --columns C [--rows R] [--format jpg|webp] --output DIR [--json]`
    struct Sprites: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make scrub sprites: thumbnail sheets and a WebVTT thumbnail track (#xywh=) for video players' seek bars.",
            discussion: """
                Writes NAME.sprites-0.jpg, NAME.sprites-1.jpg... and NAME.sprites.vtt into the output folder for each \
                video. Each cue of the VTT file covers one interval and points at its thumbnail's rectangle; the cues \
                cover the whole video. Video.js, Plyr, Vidstack, JW Player and Shaka read this format.
                """
        )

        @Argument(help: "Videos.") var files: [String]
        @Option(
            name: .long, parsing: .unconditional, help: "Seconds between thumbnails (0.1-3600).",
            transform: ArgumentValues.decimal("--interval", 0.1...3600, unit: "seconds")
        )
        var interval: Double = 2
        @Option(
            name: .long, parsing: .unconditional, help: "Width of one thumbnail in pixels (16-1920); the height follows the picture's shape.",
            transform: ArgumentValues.integer("--width", 16...1920)
        )
        var width: Int = 160
        @Option(name: .long, parsing: .unconditional, help: "Thumbnails across a sheet (1-50).", transform: ArgumentValues.integer("--columns", 1...50))
        var columns: Int = 10
        @Option(
            name: .long, parsing: .unconditional, help: "Thumbnails down a full sheet (1-50); default: as many as --columns.",
            transform: ArgumentValues.integer("--rows", 1...50)
        )
        var rows: Int?
        @Option(name: .long, help: "jpg, webp or png.") var format: ImageFormat = .jpg
        @Option(name: .shortAndLong, help: "Folder for the sheets and VTT files.") var output: String
        @Flag(name: .long, help: "Print the sheets and cues as JSON.") var json = false
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            self.global.configureLogging()
            let sprites = ScrubSprites(interval: self.interval, width: self.width, columns: self.columns, rows: self.rows, format: self.format)
            do {
                try makeOutputFolder(self.output)
            } catch {
                if self.json { try printJSON(SpritesDocument(files: [], error: ErrorBody(error))) }
                printError(error.description)
                throw ExitCode(1)
            }
            var names = OutputNames(inputs: self.files)
            var entries: [SpritesFileResult] = []
            for path in self.files {
                let stem = names.stem(for: path, in: self.output)
                do throws(MediaError) {
                    let report = try await sprites.make(path, into: self.output, stem: stem, keeping: self.files)
                    entries.append(SpritesFileResult(path: path, sprites: report, error: nil))
                    if !self.json {
                        print("\(report.vtt)  \(report.cues.count) cues in \(report.sheets.count) sheet\(report.sheets.count == 1 ? "" : "s")")
                    }
                    if !self.global.quiet { for note in report.notes { printError("\(path): warning: \(note)") } }
                } catch {
                    entries.append(SpritesFileResult(path: path, sprites: nil, error: ErrorBody(error)))
                    printError(error.description)
                }
            }
            if self.json { try printJSON(SpritesDocument(files: entries, error: nil)) }
            if entries.contains(where: { $0.error != nil }) { throw ExitCode(1) }
        }
    }
}

/// `{"files": [...]}`, the JSON document of `sprites --json`: each file with its sheets, VTT
/// file and cues, or its error.
struct SpritesDocument: Encodable {
    var files: [SpritesFileResult]
    /// Why nothing was attempted (the output folder cannot be made).
    var error: ErrorBody?
}

/// One video's sprites, or the reason there are none.
struct SpritesFileResult: Encodable {
    var path: String
    var sprites: ScrubSpritesReport?
    var error: ErrorBody?
}
