import Foundation
import MediaKit
import SoraAPI
import TestSupport
import Testing

struct ClipSynthesizerTests {
    @Test(arguments: [(VideoSize(width: 480, height: 480), 2.0, 30, true), (VideoSize(width: 180, height: 320), 1.5, 24, false)])
    func rendersTheAskedShape(_ size: VideoSize, _ seconds: Double, _ fps: Int, _ audio: Bool) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("clip.mp4").path
        try await ClipSynthesizer().render(ClipSpec(size: size, seconds: seconds, frameRate: fps, seed: "a fox", audio: audio), to: path)

        let report = try await Validator(
            options: ValidationOptions(expectedSize: size, expectedSeconds: seconds, tolerance: 0.03, expectedCodec: "h264")
        ).validate(path)
        #expect(report.passed, "\(report.verdicts.filter { !$0.passed })")
        #expect(report.decode?.videoFrames == Int(seconds * Double(fps)))
        let info = try #require(report.info)
        #expect(info.video?.avgFrameRate == "\(fps)/1")
        #expect((info.audio != nil) == audio)
        if audio {
            #expect(info.audio?.sampleRate == 48_000)
            #expect(abs((info.audio?.duration ?? 0) - seconds) < 0.03)
        }
    }

    @Test func theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = ClipSpec(size: VideoSize(width: 64, height: 64), seconds: 0.5, seed: "prompt one")
        var other = spec
        other.seed = "prompt two"
        let paths = ["a.mp4", "b.mp4", "c.mp4"].map { folder.appendingPathComponent($0).path }
        try await ClipSynthesizer().render(spec, to: paths[0])
        try await ClipSynthesizer().render(spec, to: paths[1])
        try await ClipSynthesizer().render(other, to: paths[2])
        let bytes = paths.map { FileManager.default.contents(atPath: $0) }
        #expect(bytes[0] == bytes[1])
        #expect(bytes[0] != bytes[2])
    }

    @Test func impossibleShapesAreRefused() async throws {
        await #expect(throws: MediaError.self) {
            try await ClipSynthesizer().render(ClipSpec(size: VideoSize(width: 161, height: 90), seconds: 1, seed: "x"), to: "/tmp/never.mp4")
        }
        await #expect(throws: MediaError.self) {
            try await ClipSynthesizer().render(ClipSpec(size: VideoSize(width: 160, height: 90), seconds: 0, seed: "x"), to: "/tmp/never.mp4")
        }
    }
}
