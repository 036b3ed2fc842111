import Foundation
import MediaKit
import TestSupport
import Testing

/// Issue 11, item 8 (probe): the colour fields ffprobe prints, with its names and values.
struct ProbeColorTests {
    static let fields = ["color_range", "color_space", "color_transfer", "color_primaries", "chroma_location"]

    @Test func aTaggedClipReportsItsColours() async throws {
        let video = try #require(try await MediaProbe().probe(Fixtures.media("ntsc.mp4")).video)
        #expect(video.colorRange == "tv")
        #expect(video.colorSpace == "smpte170m")
        #expect(video.colorTransfer == "smpte170m")
        #expect(video.colorPrimaries == "smpte170m")
        #expect(video.chromaLocation == "left")
        // An untagged clip leaves them out, as ffprobe's JSON does.
        let plain = try #require(try await MediaProbe().probe(Fixtures.media("h264_aac.mp4")).video)
        #expect(plain.colorSpace == nil && plain.colorRange == nil)
    }

    /// Every readable fixture against `ffprobe -show_streams -of json` run here.
    @Test(arguments: ["ntsc.mp4", "h264_aac.mp4", "yuv444.mp4", "odd_size.mp4", "rotated90.mp4", "black.mp4", "audio_only.mp4"])
    func colourFieldsMatchFFprobe(_ name: String) async throws {
        let path = Fixtures.media(name)
        let truth = try #require(try await FFmpegCLI.probe(path, ["-show_streams"])["streams"] as? [[String: Any]])
        let info = try await MediaProbe().probe(path)
        let ours = try #require(
            (try JSONSerialization.jsonObject(with: JSONEncoder().encode(info)) as? [String: Any])?["streams"] as? [[String: Any]]
        )
        try #require(ours.count == truth.count)
        for (stream, expected) in zip(ours, truth) {
            for field in Self.fields {
                #expect(stream[field] as? String == expected[field] as? String, "\(name) #\(stream["index"] ?? "?") \(field)")
            }
        }
    }
}
