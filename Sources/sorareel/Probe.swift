import ArgumentParser
import MediaKit

extension Sorareel {
    /// `sorareel probe FILE... [--json]`
    struct Probe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the container and streams of media files, with ffprobe's field names."
        )

        @Argument(help: "Media files to probe.")
        var files: [String]

        @Flag(name: .long, help: "Print one JSON document: {\"files\":[{path, format, streams, error}]}.")
        var json = false

        @Flag(name: .long, help: "Also open Matroska/WebM, MPEG-TS, AVI and Ogg files (never playlists).")
        var anyContainer = false

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            self.global.configureLogging()
            let probe = MediaProbe(options: MediaOpenOptions(allowsOtherContainers: self.anyContainer))
            var results: [ProbeResult] = []
            for path in self.files {
                do {
                    results.append(ProbeResult(path: path, info: try await probe.probe(path), error: nil))
                } catch {
                    results.append(ProbeResult(path: path, info: nil, error: error))
                }
                if !self.json, let result = results.last {
                    if let info = result.info {
                        print(MediaSummary(path: path, info: info).text)
                    } else if let error = result.error {
                        printError(error.description)
                    }
                }
            }
            if self.json {
                try printJSON(ProbeDocument(files: results))
            }
            if results.contains(where: { $0.error != nil }) {
                throw ExitCode(1)
            }
        }
    }
}

/// `{"files": [...]}`, the JSON document of `probe --json`.
struct ProbeDocument: Encodable {
    var files: [ProbeResult]
}

/// One file's entry: its probe, or the reason it could not be read.
struct ProbeResult: Encodable {
    var path: String
    var info: MediaInfo?
    var error: MediaError?

    enum CodingKeys: String, CodingKey {
        case path, format, streams, error
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(self.path, forKey: .path)
        try container.encodeIfPresent(self.info?.format, forKey: .format)
        try container.encodeIfPresent(self.info?.streams, forKey: .streams)
        try container.encodeIfPresent(self.error.map(ErrorBody.init), forKey: .error)
    }
}
