import ArgumentParser
import Foundation
import MediaKit

extension Sorareel {
    /// `sorareel thumbnail FILE... [--at T | --count N | --best] [--keyframe] [--width W] [--format jpg|png] [--output DIR]`
    struct Thumbnail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take stills from videos: at a time, evenly spaced, or the best one.")

        @Argument(help: "Videos.") var files: [String]
        @Option(
            name: .long, parsing: .unconditional, help: "Seconds into the video (accurate unless --keyframe).",
            transform: ArgumentValues.decimal("--at", 0...86_400, unit: "seconds")
        )
        var at: Double?
        @Option(name: .long, parsing: .unconditional, help: "Take N evenly spaced stills (1-1000).", transform: ArgumentValues.integer("--count", 1...1000))
        var count: Int?
        @Flag(name: .long, help: "Take one representative still (skips black, flat and blurred pictures).") var best = false
        @Flag(name: .long, help: "Take the keyframe at or before each time (fast).") var keyframe = false
        @Option(
            name: .long, parsing: .unconditional,
            help:
                "Width in pixels, 16-8192; the height follows the picture's shape. A JPEG still holds up to about 22 million pixels (6160x3464 at 16:9), a PNG 43 million.",
            transform: ArgumentValues.integer("--width", 16...8192)
        )
        var width: Int?
        @Option(name: .long, help: "jpg or png.") var format: ImageFormat = .jpg
        @Option(name: .shortAndLong, help: "Folder for the stills.") var output: String = "."
        @Flag(name: .long, help: "Print the stills as JSON.") var json = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            let modes = [self.at != nil, self.count != nil, self.best].filter { $0 }.count
            guard modes <= 1 else { throw ValidationError("choose one of --at, --count and --best") }
        }

        func run() async throws {
            self.global.configureLogging()
            let mode: ThumbnailMode = self.best ? .best : self.count.map { .count($0) } ?? .at(self.at ?? 0)
            let thumbnailer = Thumbnailer(mode: mode, keyframesOnly: self.keyframe, width: self.width, format: self.format)
            do {
                try makeOutputFolder(self.output)
            } catch {
                if self.json { try printJSON(ThumbnailDocument(files: [], thumbnails: [], error: ErrorBody(error))) }
                printError(error.description)
                throw ExitCode(1)
            }
            var names = OutputNames(inputs: self.files)
            let stems = self.files.map { names.stem(for: $0, in: self.output) }
            // Several files at once, one per core, each on one decoder thread; a single file
            // gets FFmpeg's frame threads instead. Results are printed in the files' order.
            let parallel = min(self.files.count, Thumbnailer.concurrentFiles)
            let batch: Thumbnailer = {
                var batch = thumbnailer
                if parallel > 1 { batch.decoderThreads = 1 }
                return batch
            }()
            let files = self.files
            let output = self.output
            var entries: [ThumbnailFileResult] = []
            await withTaskGroup(of: (Int, Result<ThumbnailReport, MediaError>).self) { group in
                // Finished files wait here until every file before them is printed.
                var finished: [Int: Result<ThumbnailReport, MediaError>] = [:]
                for (index, path) in files.enumerated() {
                    if index >= parallel, let (done, result) = await group.next() { finished[done] = result }
                    while let ready = finished.removeValue(forKey: entries.count) { entries.append(self.report(files[entries.count], ready)) }
                    let stem = stems[index]
                    group.addTask { (index, await Self.stills(batch, of: path, into: output, stem: stem, keeping: files)) }
                }
                for await (done, result) in group {
                    finished[done] = result
                    while let ready = finished.removeValue(forKey: entries.count) { entries.append(self.report(files[entries.count], ready)) }
                }
            }
            if self.json {
                try printJSON(ThumbnailDocument(files: entries, thumbnails: entries.flatMap(\.thumbnails), error: nil))
            }
            if entries.contains(where: { $0.error != nil }) { throw ExitCode(1) }
        }

        /// One file's stills, or the reason there are none.
        private static func stills(
            _ thumbnailer: Thumbnailer, of path: String, into output: String, stem: String, keeping files: [String]
        ) async -> Result<ThumbnailReport, MediaError> {
            do {
                return .success(try await thumbnailer.stills(of: path, into: output, stem: stem, keeping: files))
            } catch {
                return .failure(error)
            }
        }

        /// Prints what one file gave (its stills, its warnings, or its error) and returns it for the JSON document.
        private func report(_ path: String, _ result: Result<ThumbnailReport, MediaError>) -> ThumbnailFileResult {
            switch result {
            case .success(let report):
                if !self.json { for still in report.stills { print(still.path) } }
                if !self.global.quiet { for note in report.notes { printError("\(path): warning: \(note)") } }
                return ThumbnailFileResult(path: path, thumbnails: report.stills, warnings: report.notes, error: nil)
            case .failure(let error):
                printError(error.description)
                return ThumbnailFileResult(path: path, thumbnails: [], warnings: [], error: ErrorBody(error))
            }
        }
    }

    /// `sorareel sheet FILE... [--columns C] [--rows R] [--width W] [--output PATH]`
    struct Sheet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tile evenly spaced pictures of a video into one contact sheet.")

        @Argument(help: "Videos.") var files: [String]
        @Option(name: .long, parsing: .unconditional, help: "Pictures across (1-20).", transform: ArgumentValues.integer("--columns", 1...20))
        var columns: Int = 4
        @Option(name: .long, parsing: .unconditional, help: "Pictures down (1-20).", transform: ArgumentValues.integer("--rows", 1...20))
        var rows: Int = 3
        @Option(
            name: .long, parsing: .unconditional,
            help:
                "Width of the sheet in pixels, 64-8192. A JPEG sheet holds up to about 22 million pixels, a PNG 43 million: wide sheets of tall grids are refused with the widest that works.",
            transform: ArgumentValues.integer("--width", 64...8192)
        )
        var width: Int = 1280
        @Option(
            name: .shortAndLong,
            help: "The image to write (one video), or a folder (a name ending in /, or several videos). Default: NAME.sheet.jpg here."
        )
        var output: String?
        @Flag(name: .long, help: "Make a sheet of a damaged (cut-short) video from what can be read, with a warning, instead of failing.")
        var allowDamaged = false
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if let output = self.output, self.files.count > 1, !Self.namesFolder(output), Self.namesImage(output) {
                throw ValidationError(
                    "--output \(output) names one image, but \(self.files.count) videos make \(self.files.count) sheets: give a folder (e.g. \(output.split(separator: ".").first ?? "sheets")/)"
                )
            }
        }

        func run() async throws {
            self.global.configureLogging()
            let sheet = ContactSheet(columns: self.columns, rows: self.rows, width: self.width, allowsDamaged: self.allowDamaged)
            let single = self.output.flatMap { self.files.count == 1 && !Self.namesFolder($0) ? $0 : nil }
            let folder = single == nil ? self.output ?? "." : nil
            if let folder {
                do {
                    try makeOutputFolder(folder)
                } catch {
                    printError(error.description)
                    throw ExitCode(1)
                }
            }
            var names = OutputNames(inputs: self.files)
            var failed = false
            for path in self.files {
                let target =
                    single
                    ?? URL(fileURLWithPath: folder ?? ".").appendingPathComponent(
                        names.stem(for: path, in: folder ?? ".") + ".sheet.jpg"
                    ).path
                do {
                    try names.check(target)
                    let report = try await sheet.make(path, to: target)
                    print("\(target)  \(report.size)")
                    if !self.global.quiet { for note in report.notes { printError("\(path): warning: \(note)") } }
                } catch {
                    failed = true
                    printError(error.description)
                }
            }
            if failed { throw ExitCode(1) }
        }

        /// A name ending in `/`, or an existing folder.
        static func namesFolder(_ path: String) -> Bool {
            var isFolder: ObjCBool = false
            return path.hasSuffix("/") || (FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue)
        }

        /// A name ending in an image extension.
        static func namesImage(_ path: String) -> Bool {
            ["jpg", "jpeg", "png"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
        }
    }
}

/// `{"files": [...], "thumbnails": [...]}`, the JSON document of `thumbnail --json`: each file
/// with its stills, warnings or error, then every still for scripts that want only those.
struct ThumbnailDocument: Encodable {
    var files: [ThumbnailFileResult]
    var thumbnails: [MediaKit.Thumbnail]
    /// Why nothing was attempted (the output folder cannot be made).
    var error: ErrorBody?
}

/// One video's stills, the warnings about them, or the reason there are none.
struct ThumbnailFileResult: Encodable {
    var path: String
    var thumbnails: [MediaKit.Thumbnail]
    var warnings: [String]
    var error: ErrorBody?
}
