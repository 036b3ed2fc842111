import ArgumentParser
import Foundation
import MediaKit

extension Sorareel {
    /// `sorareel thumbnail FILE... [--at T | --count N | --best] [--keyframe] [--width W] [--format jpg|png] [--output DIR]`
    struct Thumbnail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take stills from videos: at a time, evenly spaced, or the best one.")

        @Argument(help: "Videos.") var files: [String]
        @Option(name: .long, help: "Seconds into the video (accurate unless --keyframe).") var at: Double?
        @Option(name: .long, help: "Take N evenly spaced stills.") var count: Int?
        @Flag(name: .long, help: "Take one representative still (skips black, flat and blurred pictures).") var best = false
        @Flag(name: .long, help: "Take the keyframe at or before each time (fast).") var keyframe = false
        @Option(name: .long, help: "Width in pixels; the height follows the picture's shape.") var width: Int?
        @Option(name: .long, help: "jpg or png.") var format: ImageFormat = .jpg
        @Option(name: .shortAndLong, help: "Folder for the stills.") var output: String = "."
        @Flag(name: .long, help: "Print the stills as JSON.") var json = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            let modes = [self.at != nil, self.count != nil, self.best].filter { $0 }.count
            guard modes <= 1 else { throw ValidationError("choose one of --at, --count and --best") }
            if let width = self.width, !(16...8192).contains(width) { throw ValidationError("--width must be 16-8192") }
            if let count = self.count, !(1...1000).contains(count) { throw ValidationError("--count must be 1-1000") }
        }

        func run() async throws {
            self.global.configureLogging()
            let mode: ThumbnailMode = self.best ? .best : self.count.map { .count($0) } ?? .at(self.at ?? 0)
            let thumbnailer = Thumbnailer(mode: mode, keyframesOnly: self.keyframe, width: self.width, format: self.format)
            try FileManager.default.createDirectory(atPath: self.output, withIntermediateDirectories: true)
            var written: [MediaKit.Thumbnail] = []
            var failed = false
            for path in self.files {
                do {
                    let stills = try await thumbnailer.thumbnails(of: path, into: self.output)
                    written += stills
                    if !self.json { for still in stills { print(still.path) } }
                } catch let error as MediaError {
                    failed = true
                    printError(error.description)
                }
            }
            if self.json { try printJSON(["thumbnails": written]) }
            if failed { throw ExitCode(1) }
        }
    }

    /// `sorareel sheet FILE... [--columns C] [--rows R] [--width W] [--output PATH]`
    struct Sheet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tile evenly spaced pictures of a video into one contact sheet.")

        @Argument(help: "Videos.") var files: [String]
        @Option(name: .long, help: "Pictures across.") var columns: Int = 4
        @Option(name: .long, help: "Pictures down.") var rows: Int = 3
        @Option(name: .long, help: "Width of the sheet in pixels.") var width: Int = 1280
        @Option(name: .shortAndLong, help: "The image to write (one file), or a folder (several). Default: NAME.sheet.jpg here.")
        var output: String?
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            self.global.configureLogging()
            let sheet = ContactSheet(columns: self.columns, rows: self.rows, width: self.width)
            var failed = false
            for path in self.files {
                let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".sheet.jpg"
                let target: String
                if let output = self.output, self.files.count == 1, !output.hasSuffix("/") {
                    target = output
                } else {
                    let folder = self.output ?? "."
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    target = URL(fileURLWithPath: folder).appendingPathComponent(name).path
                }
                do {
                    let size = try await sheet.write(path, to: target)
                    print("\(target)  \(size)")
                } catch let error as MediaError {
                    failed = true
                    printError(error.description)
                }
            }
            if failed { throw ExitCode(1) }
        }
    }
}
