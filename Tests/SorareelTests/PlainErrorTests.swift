import Foundation
import TestSupport
import Testing

/// Issue 11, item 14: every failure is one plain line naming the file and the reason, never
/// Foundation's or FFmpeg's raw text.
struct PlainErrorTests {
    static func run(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await CommandLineTests.run(arguments)
    }

    static func expectOnePlainLine(_ result: ProcessRunner.Result, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stderr == expected + "\n", sourceLocation: sourceLocation)
        for raw in ["Error Domain", "NSCocoaErrorDomain", "avcodec_open2", "avio_open2", "Generic error", "Invalid argument"] {
            #expect(!result.stderr.contains(raw), "\(raw) in \(result.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test func synthSizesAreCheckedUpFront() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("clip.mp4").path
        Self.expectOnePlainLine(
            try await Self.run(["synth", path, "--size", "641x359"]),
            "\(path): size 641x359 must have an even width and height (4:2:0 video), e.g. 640x358"
        )
        Self.expectOnePlainLine(
            try await Self.run(["synth", path, "--size", "16384x16384"]),
            "\(path): size 16384x16384 must be 16-8192 on each side (H.264 encoder limits)"
        )
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func outputsThatCannotBeWrittenAreSaidInWords() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = Fixtures.media("h264_aac.mp4")
        let missing = folder.appendingPathComponent("missing")
        Self.expectOnePlainLine(
            try await Self.run(["concat", clip, "-o", folder.path]),
            "\(folder.path): is a folder: name the file to write"
        )
        let reel = missing.appendingPathComponent("reel.mp4").path
        Self.expectOnePlainLine(
            try await Self.run(["concat", clip, "-o", reel]),
            "\(reel): cannot write it: the folder \(missing.path) does not exist"
        )
        let synth = missing.appendingPathComponent("clip.mp4").path
        Self.expectOnePlainLine(
            try await Self.run(["synth", synth, "--seconds", "0.1"]),
            "\(synth): cannot write it: the folder \(missing.path) does not exist"
        )
        let sheet = missing.appendingPathComponent("x.jpg").path
        Self.expectOnePlainLine(
            try await Self.run(["sheet", clip, "-o", sheet]),
            "\(sheet): cannot write it: the folder \(missing.path) does not exist"
        )
    }
}
