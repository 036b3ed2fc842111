import Foundation
import TestSupport
import Testing

/// `sorareel sprites` and `sorareel preview` (issue 16, items 1 and 2).
struct SpritesCommandTests {
    @Test func spritesOfTwoVideosOfOneNameDoNotCollide() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        let twin = other.appendingPathComponent("h264_aac.mp4").path
        try FileManager.default.copyItem(atPath: Fixtures.media("h264_silent.mp4"), toPath: twin)
        let out = folder.appendingPathComponent("sprites").path
        let result = try await CommandLineTests.run([
            "sprites", Fixtures.media("h264_aac.mp4"), twin, "--interval", "1", "--width", "64", "--columns", "4", "--output", out, "--json",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try #require(document["files"] as? [[String: Any]])
        let vtts = files.compactMap { ($0["sprites"] as? [String: Any])?["vtt"] as? String }
        #expect(vtts.map { URL(fileURLWithPath: $0).lastPathComponent } == ["h264_aac.sprites.vtt", "h264_aac-2.sprites.vtt"])
        for vtt in vtts {
            let problems = try await WebVTTTrack.problems(vtt: vtt, duration: 2.0, interval: 1)
            #expect(problems.isEmpty, "\(vtt): \(problems)")
        }
    }

    @Test func spritesRefuseOutOfRangeValuesInOneLine() async throws {
        let result = try await CommandLineTests.run(["sprites", Fixtures.media("h264_aac.mp4"), "--interval", "-1", "--output", "x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--interval must be 0.1-3600 seconds, got -1"), "\(result.stderr)")
    }

    @Test func spritesOfABadFileNameItAndGoOn() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = Fixtures.media("audio_only.mp4")
        let result = try await CommandLineTests.run(["sprites", bad, Fixtures.media("h264_aac.mp4"), "--output", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("\(bad): "), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("h264_aac.sprites.vtt").path))
    }

    @Test func previewWritesAnAnimationOfSeveralFrames() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for format in ["gif", "webp"] {
            let output = folder.appendingPathComponent("loop.\(format)").path
            let result = try await CommandLineTests.run([
                "preview", Fixtures.media("h264_aac.mp4"), "--seconds", "1", "--width", "96", "--format", format, "--output", output, "--json",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let preview = try #require(document["preview"] as? [String: Any])
            #expect(preview["frames"] as? Int == 10)
            #expect(FileManager.default.fileExists(atPath: output))
        }
    }

    @Test func previewNeverOverwritesItsInput() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("clip.gif").path
        try FileManager.default.copyItem(atPath: Fixtures.media("h264_aac.mp4"), toPath: input)
        let before = try Data(contentsOf: URL(fileURLWithPath: input))
        let result = try await CommandLineTests.run(["preview", input, "--output", input])
        #expect(result.status == 1)
        #expect(result.stderr.contains("will not overwrite an input"), "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
    }
}
