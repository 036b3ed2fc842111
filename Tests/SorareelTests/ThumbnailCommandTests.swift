import Foundation
import TestSupport
import Testing

/// `sorareel thumbnail`: every listed still exists and is a different picture (issue 11, item 3).
struct ThumbnailCommandTests {
    static func run(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await CommandLineTests.run(arguments)
    }

    /// The stills listed on stdout, checked to exist and to be distinct, and the files in `folder`.
    static func expectListedStillsExist(
        _ result: ProcessRunner.Result, in folder: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws
        -> [String]
    {
        let listed = result.stdout.split(separator: "\n").map(String.init)
        #expect(Set(listed).count == listed.count, "a path listed twice", sourceLocation: sourceLocation)
        for path in listed { #expect(FileManager.default.fileExists(atPath: path), "\(path)", sourceLocation: sourceLocation) }
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jpg") }
        #expect(written.count == listed.count, sourceLocation: sourceLocation)
        return listed
    }

    @Test func nearlyAsManyStillsAsPicturesAreAllDistinct() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await Self.run(["thumbnail", Fixtures.media("h264_aac.mp4"), "--count", "40", "--width", "32", "-o", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.expectListedStillsExist(result, in: folder).count == 40)
        #expect(result.stderr.isEmpty)
    }

    @Test func moreStillsThanPicturesWritesEachPictureOnceAndSaysSo() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("one.mp4").path
        let synth = try await Self.run(["synth", clip, "--size", "64x64", "--seconds", "0.04", "--fps", "25"])
        #expect(synth.status == 0, "\(synth.stderr)")
        let out = folder.appendingPathComponent("stills")
        let result = try await Self.run(["thumbnail", clip, "--count", "3", "-o", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.expectListedStillsExist(result, in: out).count == 1)
        #expect(result.stderr == "\(clip): warning: only 1 distinct picture (asked for 3): wrote 1\n")
    }

    @Test func keyframeStillsAreListedOnceEach() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = Fixtures.media("h264_aac.mp4")
        let result = try await Self.run(["thumbnail", clip, "--count", "1000", "--keyframe", "--width", "32", "-o", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.expectListedStillsExist(result, in: folder).count == 2, "keyframes at 0 and 1 s")
        #expect(result.stderr == "\(clip): warning: only 2 distinct keyframes (asked for 1000): wrote 2\n")
    }

    @Test func jsonListsFailedFilesWithTheirErrorAndWarnings() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = Fixtures.media("h264_aac.mp4")
        let bad = Fixtures.media("audio_only.mp4")
        let result = try await Self.run(["thumbnail", good, bad, "--count", "60", "--json", "-o", folder.path])
        #expect(result.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try #require(document["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == [good, bad])
        #expect((files[0]["thumbnails"] as? [Any])?.count == 50)
        #expect((files[0]["warnings"] as? [String])?.first?.hasPrefix("only 50 distinct pictures") == true)
        #expect((files[1]["error"] as? [String: String])?["code"] == "no_video")
        #expect((document["thumbnails"] as? [Any])?.count == 50)
    }
}
