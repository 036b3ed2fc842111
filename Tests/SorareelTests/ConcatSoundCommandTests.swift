import Foundation
import TestSupport
import Testing

@testable import sorareel

/// `sorareel concat --music --loudness --caption` (issue 17): the reel's sound and captions
/// from the command line, in the summary and in `--json`.
struct ConcatSoundCommandTests {
    @Test func musicLoudnessAndCaptionsInTheJSON() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let clips = [Fixtures.media("h264_aac.mp4"), Fixtures.media("h264_aac_b.mp4")]
        let result = try await ConcatCommandTests.run(
            ["concat"] + clips + ["--music", Fixtures.media("music.m4a"), "--loudness", "-16", "--caption", "One", "--caption", "", "-o", reel, "--json"]
        )
        #expect(result.status == 0, "\(result.stderr)")
        let document = try ConcatCommandTests.json(result.stdout)
        #expect(document["captionsPath"] as? String == folder.appendingPathComponent("reel.vtt").path)
        let loudness = try #require(document["loudness"] as? [String: Double])
        #expect(abs((loudness["integrated"] ?? 0) - -16) <= 0.5)
        #expect((loudness["truePeak"] ?? 0) <= -1.0)
        #expect(document["mode"] as? String == "copy")
        let measured = try #require(try await FFmpegCLI.ebur128(reel, stream: 1))
        #expect(abs(measured.integrated - -16) <= 0.5)
    }

    @Test func theSummaryNamesTheCaptionsAndTheLoudness() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let result = try await ConcatCommandTests.run(
            ["concat", Fixtures.media("h264_aac.mp4"), "--loudness", "-20", "--caption", "Hello", "-o", reel]
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(reel)\n\(folder.appendingPathComponent("reel.vtt").path)\n")
        let line = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("loudness: ") })
        #expect(line.hasSuffix(" dBTP"), "\(line)")
        #expect(line.contains(" LUFS, true peak "), "\(line)")
    }

    @Test(arguments: ["-41", "-4", "0", "nan", "loud"])
    func loudnessOutOfRangeIsRefusedWithItsRange(_ value: String) throws {
        let message = try #require(ArgumentTests.refusal(["concat", "a.mp4", "-o", "r.mp4", "--loudness", value]))
        #expect(message.contains("--loudness must be") && message.contains("-40 to -5") && message.contains("got \(value)"), "\(message)")
    }

    @Test func oneCaptionPerClipOrNone() throws {
        let message = try #require(ArgumentTests.refusal(["concat", "a.mp4", "b.mp4", "-o", "r.mp4", "--caption", "x"]))
        #expect(message.contains("give one --caption per clip (2)"), "\(message)")
    }

    @Test func badMusicIsOneLineNamingIt() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let silent = Fixtures.media("h264_silent.mp4")
        let result = try await ConcatCommandTests.run(["concat", Fixtures.media("h264_aac.mp4"), "--music", silent, "-o", reel])
        #expect(result.status == 1)
        #expect(result.stderr == "\(silent): has no sound to lay under the reel\n")
        #expect(!FileManager.default.fileExists(atPath: reel))
    }
}
