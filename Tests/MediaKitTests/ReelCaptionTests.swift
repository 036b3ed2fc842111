import Foundation
import MediaKit
import SoraAPI
import TestSupport
import Testing

/// Captions in a reel (issue 17): a `mov_text` subtitle track that FFmpeg's own tools read,
/// each caption over its clip's chapter, and a WebVTT file beside the reel.
struct ReelCaptionTests {
    @Test func aCopiedReelCarriesCaptionsAndAWebVTTFile() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let inputs = [
            ReelInput(path: Fixtures.media("h264_aac.mp4"), title: "Opening", caption: "A city wakes up"),
            ReelInput(path: Fixtures.media("h264_aac_b.mp4"), caption: "Bars & tone <loud>"),
            ReelInput(path: Fixtures.media("h264_aac.mp4"), caption: "  "),
        ]
        let result = try await ReelBuilder().build(inputs, to: reel)
        #expect(result.mode == .copy)
        let vtt = folder.appendingPathComponent("reel.vtt").path
        #expect(result.captionsPath == vtt)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["reel.mp4", "reel.vtt"], "no temporary file left")

        let streams = try await FFmpegCLI.streams(reel)
        let subtitles = streams.filter { $0.type == "subtitle" }
        #expect(subtitles.count == 1)
        #expect(subtitles.first?.codec == "mov_text")
        #expect(subtitles.first?.language == "und")
        #expect(streams.filter { $0.type == "video" }.count == 1 && streams.filter { $0.type == "audio" }.count == 1)

        let cues = try #require(try await FFmpegCLI.subtitles(reel, in: folder))
        #expect(cues.map(\.text) == ["A city wakes up", "Bars & tone <loud>"])
        #expect(cues.map(\.start) == [0, 2])
        #expect(cues.map(\.end) == [2, 3])
        #expect(
            try String(contentsOfFile: vtt, encoding: .utf8)
                == "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.000\nA city wakes up\n\n2\n00:00:02.000 --> 00:00:03.000\nBars &amp; tone &lt;loud&gt;\n"
        )
        // Chapters and the pictures are as without captions.
        let info = try await MediaProbe().probe(reel)
        #expect(info.format.chapters?.map(\.title) == ["Opening", "h264_aac_b", "h264_aac"])
        try ReelBuilderTests.expectStrictlyRisingDTS(reel)
        let report = try await Validator().validate(reel)
        #expect(report.passed, "\(report.verdicts.filter { !$0.passed })")
        #expect(report.decode?.videoFrames == 125)
    }

    /// Re-encoded with a cross-fade: each caption lasts its chapter, which starts where its
    /// clip fades in; a caption of two lines keeps both.
    @Test func captionsFollowCrossfadedChapters() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("faded.reel.mp4").path
        let inputs = [
            ReelInput(path: Fixtures.media("h264_aac.mp4"), caption: "First line\nsecond line"),
            ReelInput(path: Fixtures.media("different_size.mp4"), trim: ClipTrim(start: 0.2)),
            ReelInput(path: Fixtures.media("h264_aac_b.mp4"), caption: "Über café 🎬"),
        ]
        let result = try await ReelBuilder(options: ReelOptions(crossfade: 0.4)).build(inputs, to: reel)
        #expect(result.mode == .reencode)
        // 25 fps: 50, 20 and 25 pictures, 10 blended at each join.
        #expect(result.chapters.map(\.start) == [0, 1.6, 2.0])
        let vtt = folder.appendingPathComponent("faded.reel.vtt").path
        #expect(result.captionsPath == vtt)
        let cues = try #require(try await FFmpegCLI.subtitles(reel, in: folder))
        #expect(cues.map(\.text) == ["First line\nsecond line", "Über café 🎬"])
        #expect(cues.map(\.start) == [0, 2])
        #expect(cues.map(\.end) == [1.6, 3])
        #expect(
            try String(contentsOfFile: vtt, encoding: .utf8)
                == "WEBVTT\n\n1\n00:00:00.000 --> 00:00:01.600\nFirst line\nsecond line\n\n2\n00:00:02.000 --> 00:00:03.000\nÜber café 🎬\n"
        )
        #expect(try await Validator().validate(reel).passed)
    }

    /// Without captions there is no subtitle track and no WebVTT file.
    @Test func noCaptionsNoTrack() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let result = try await ReelBuilder().build([ReelInput(path: Fixtures.media("h264_aac.mp4"), caption: "")], to: reel)
        #expect(result.captionsPath == nil)
        #expect(try await FFmpegCLI.streams(reel).contains { $0.type == "subtitle" } == false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["reel.mp4"])
    }
}
