public import Foundation

/// Paths to the media tests read: the committed fixtures and the shared real-world corpus.
///
/// Located from this file's path, since SwiftPM resources cannot live outside a target.
public enum Fixtures {
    /// The repository root.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // TestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `Fixtures/media/NAME`.
    public static func media(_ name: String) -> String {
        Self.root.appendingPathComponent("Fixtures/media").appendingPathComponent(name).path
    }

    /// The real-world corpus beside the project (`../shared/corpus/real`), or `nil` where absent.
    public static let corpus: URL? = {
        let url = Self.root.deletingLastPathComponent().appendingPathComponent("shared/corpus/real")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()

    /// The media files of the corpus (not the ground-truth files beside them), sorted.
    public static var corpusFiles: [String] {
        guard let corpus, let names = try? FileManager.default.contentsOfDirectory(atPath: corpus.path) else {
            return []
        }
        return names.filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".txt") }.sorted()
    }

    /// A corpus file's path.
    public static func corpusPath(_ name: String) -> String {
        (Self.corpus ?? Self.root).appendingPathComponent(name).path
    }

    /// The ffprobe ground truth beside a corpus file, parsed; `nil` when ffprobe read nothing.
    public static func groundTruth(_ name: String) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: Self.corpusPath(name) + ".ffprobe.json"),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["format"] != nil
        else { return nil }
        return object
    }

    /// The full-decode log beside a corpus file: whether `ffmpeg -v error -i F -f null -` complained.
    public static func decodeShowsErrors(_ name: String) -> Bool {
        guard let text = try? String(contentsOfFile: Self.corpusPath(name) + ".decode.txt", encoding: .utf8) else {
            return false
        }
        let exitCode = Self.header("exit_code", in: text)
        let messages = Self.header("message_lines", in: text)
        return exitCode != 0 || messages != 0
    }

    private static func header(_ key: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix("# \(key):") {
            return Int(line.dropFirst(key.count + 3).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// A fresh empty folder for a test's outputs.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sorareel-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension Fixtures {
    /// `Fixtures/api/sample-payloads.json` parsed: real and official request, response and error
    /// bodies of both APIs, each with its source (a copy of the project's API reference, so that
    /// a clone without it beside the project still runs every wire test).
    public static var samplePayloads: [String: Any]? {
        let url = Self.root.appendingPathComponent("Fixtures/api/sample-payloads.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// The `body` of the sample payload at `api`/`name`, re-encoded as JSON bytes.
    public static func samplePayload(_ api: String, _ name: String) -> Data? {
        guard let section = Self.samplePayloads?[api] as? [String: Any],
            let entry = section[name] as? [String: Any],
            let body = entry["body"]
        else { return nil }
        return try? JSONSerialization.data(withJSONObject: body)
    }
}
