import Foundation
import TestSupport
import Testing

/// Issue 11, item 17: what the media commands say besides their results: progress while a reel
/// is written, no swscale noise with --verbose, and a warning when the best still is black.
struct ReportingTests {
    static func run(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await CommandLineTests.run(arguments)
    }

    @Test func reencodingReportsProgressInPlainLinesWhenNotATerminal() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let clips = ["h264_aac.mp4", "different_size.mp4", "h264_aac.mp4"].map(Fixtures.media)
        let result = try await Self.run(["concat"] + clips + ["-o", reel])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("writing the reel: ") }
        #expect(lines.count >= 2 && lines.count <= 11, "a line per tenth at most: \(lines)")
        #expect(lines.last == "writing the reel: 100% (5.0 s of 5.0 s)")
        #expect(!result.stderr.contains("\r"), "no live redrawing outside a terminal")

        let quiet = try await Self.run(["concat"] + clips + ["-o", reel, "--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.isEmpty)
    }

    @Test func verboseStillsAreNotFloodedBySwscaleWarnings() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await Self.run(["thumbnail", Fixtures.media("h264_aac.mp4"), "--count", "3", "--verbose", "-o", folder.path])
        #expect(result.status == 0)
        #expect(!result.stderr.contains("deprecated pixel format"), "\(result.stderr)")
        let sheet = try await Self.run(["sheet", Fixtures.media("h264_aac.mp4"), "--verbose", "-o", folder.path + "/"])
        #expect(sheet.status == 0)
        #expect(!sheet.stderr.contains("deprecated pixel format"), "\(sheet.stderr)")
    }

    @Test func theBestStillOfABlackClipSaysItIsBlack() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = Fixtures.media("black.mp4")
        let result = try await Self.run(["thumbnail", clip, "--best", "-o", folder.path])
        #expect(result.status == 0)
        #expect(result.stderr.hasPrefix("\(clip): warning: every picture looked at is black or flat"), "\(result.stderr)")
        let json = try await Self.run(["thumbnail", clip, "--best", "--json", "-o", folder.path])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let file = try #require((document["files"] as? [[String: Any]])?.first)
        #expect((file["warnings"] as? [String])?.first?.hasPrefix("every picture looked at is black or flat") == true)
        #expect((file["thumbnails"] as? [Any])?.count == 1)

        let good = try await Self.run(["thumbnail", Fixtures.media("black_then_content.mp4"), "--best", "-o", folder.path])
        #expect(good.stderr.isEmpty, "a clip with a good picture gets no warning")
    }
}
