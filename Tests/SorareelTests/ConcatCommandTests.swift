import Foundation
import TestSupport
import Testing

@testable import sorareel

/// `sorareel concat`: frame rates as fractions (issue 11, item 9), cross-fades that fit with
/// chapters on the pictures (item 4), and a JSON document on failure too (item 17).
struct ConcatCommandTests {
    static func run(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await CommandLineTests.run(arguments)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// The first video stream's `r_frame_rate` and the chapters of `path`, from `sorareel probe --json`.
    static func probe(_ path: String) async throws -> (rate: String?, chapters: [[String: Any]]) {
        let result = try await Self.run(["probe", "--json", path])
        let file = try #require((try Self.json(result.stdout)["files"] as? [[String: Any]])?.first)
        let video = (file["streams"] as? [[String: Any]])?.first { $0["codec_type"] as? String == "video" }
        return (video?["r_frame_rate"] as? String, (file["format"] as? [String: Any])?["chapters"] as? [[String: Any]] ?? [])
    }

    @Test func aReelKeepsTheFirstClipsFractionalRate() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let result = try await Self.run(["concat", Fixtures.media("ntsc.mp4"), Fixtures.media("h264_aac.mp4"), "-o", reel, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.json(result.stdout)["frameRate"] as? String == "30000/1001")
        #expect(try await Self.probe(reel).rate == "30000/1001")
    }

    @Test(arguments: ["29.97", "30000/1001"])
    func fpsTakesDecimalsAndFractions(_ fps: String) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let result = try await Self.run(["concat", Fixtures.media("h264_aac.mp4"), Fixtures.media("h264_aac_b.mp4"), "--fps", fps, "-o", reel])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try await Self.probe(reel).rate == "30000/1001")
    }

    @Test(arguments: ["0", "121", "nan", "30/0", "-1", "fast"])
    func fpsOutOfRangeIsRefusedWithItsRange(_ fps: String) throws {
        let message = try #require(ArgumentTests.refusal(["concat", "a.mp4", "-o", "r.mp4", "--fps", fps]))
        #expect(message.contains("--fps must be 1-120 frames per second, as 30, 29.97 or 30000/1001, got \(fps)"), "\(message)")
    }

    /// `--trim`, one per clip: each clip cut to its part, and the chapters follow the cut lengths.
    @Test func trimsCutEachClipAndTheChaptersFollow() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let clips = [Fixtures.media("h264_aac.mp4"), Fixtures.media("h264_aac_b.mp4"), Fixtures.media("h264_aac.mp4")]
        let result = try await Self.run(["concat"] + clips + ["--trim", "0.5-1.5", "--trim", "", "--trim", "1.2-", "-o", reel, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try Self.json(result.stdout)
        #expect(document["mode"] as? String == "reencode")
        let chapters = try #require(document["chapters"] as? [[String: Any]])
        let ends = chapters.compactMap { ($0["end"] as? NSNumber)?.doubleValue }
        // 2 s cut to 1 s, 1 s whole, 2 s from 1.2 s: 0.8 s.
        #expect(ends.count == 3 && zip(ends, [1.0, 2.0, 2.8]).allSatisfy { abs($0 - $1) < 0.05 }, "\(ends)")
        #expect(try await Self.probe(reel).chapters.count == 3)
        let probed = try Self.json(try await Self.run(["probe", "--json", reel]).stdout)
        let format = (probed["files"] as? [[String: Any]])?.first?["format"] as? [String: Any]
        let duration = try #require((format?["duration"] as? NSNumber)?.doubleValue)
        #expect(abs(duration - 2.8) < 0.1, "the reel is \(duration) s long")
    }

    @Test func aCrossfadeLongerThanAClipIsRefusedWithTheLongestAllowed() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let clips = [Fixtures.media("h264_aac.mp4"), Fixtures.media("h264_aac_b.mp4")]
        let result = try await Self.run(["concat"] + clips + ["--crossfade", "3", "-o", reel])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "\(reel): a cross-fade of 3.000s is longer than half the shortest clip (h264_aac_b.mp4, 1.000s): at most 0.480s\n"
        )
        #expect(!FileManager.default.fileExists(atPath: reel))
    }

    @Test func crossfadeChaptersStartWhereEachClipFadesIn() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let clips = [Fixtures.media("h264_aac.mp4"), Fixtures.media("h264_aac_b.mp4"), Fixtures.media("h264_aac.mp4")]
        let result = try await Self.run(["concat"] + clips + ["--crossfade", "0.48", "-o", reel, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let chapters = try #require(try Self.json(result.stdout)["chapters"] as? [[String: Any]])
        // 25 fps: 12 pictures of each join are blended; 50 + 25 + 50 pictures less 2 x 12.
        let bounds = chapters.map { [($0["start"] as? Double) ?? -1, ($0["end"] as? Double) ?? -1] }
        #expect(bounds == [[0, 1.52], [1.52, 2.04], [2.04, 4.04]])
        let written = try await Self.probe(reel).chapters
        #expect(written.count == 3)
        #expect(written.map { ($0["end"] as? Double).map { ($0 * 1000).rounded() / 1000 } } == [1.52, 2.04, 4.04])
    }

    @Test func jsonSaysWhyNoReelWasMade() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let missing = folder.appendingPathComponent("missing.mp4").path
        let result = try await Self.run(["concat", Fixtures.media("h264_aac.mp4"), missing, "-o", reel, "--json"])
        #expect(result.status == 1)
        let document = try Self.json(result.stdout)
        #expect(document["path"] as? String == reel)
        #expect(document["file"] as? String == missing)
        #expect((document["error"] as? [String: String])?["code"] == "not_found")
        #expect((document["error"] as? [String: String])?["message"] == "no such file")
    }
}
