import Foundation
import MediaKit
import TestSupport
import Testing

/// Issue 16, item 2: animated previews as WebP (libwebp_anim) and GIF (palettegen/paletteuse).
struct AnimatedPreviewTests {
    /// Frames ffprobe counts by decoding; `nil` when it reports no count.
    static func countFrames(_ path: String) async throws -> Int? {
        let streams = try await FFmpegCLI.probe(path, ["-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames"])["streams"]
        return ((streams as? [[String: Any]])?.first?["nb_read_frames"] as? String).flatMap { Int($0) }
    }

    @Test func aWebPPreviewHasSeveralFramesAndLoops() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("preview.webp").path
        let report = try await AnimatedPreview(seconds: 1, width: 160, format: .webp).make(Fixtures.media("h264_aac.mp4"), to: output)
        #expect(report.frames == 10, "1 s at 10 fps")
        #expect(report.width == 160 && report.height == 90)
        #expect(report.start >= 0 && report.start + report.seconds <= 2.0 + 1e-6)
        let file = try #require(try AnimatedWebP.read(output))
        #expect(file.frames >= 2, "\(file.frames) frames")
        #expect(file.width == 160 && file.height == 90)
        #expect(file.loops == 0, "loops forever")
    }

    @Test func aGIFPreviewHasSeveralFramesFromTheAskedStart() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("preview.gif").path
        let report = try await AnimatedPreview(seconds: 0.8, width: 120, format: .gif, start: 0.5).make(Fixtures.media("h264_aac.mp4"), to: output)
        #expect(report.start == 0.5)
        #expect(report.frames == 8)
        let bytes = try #require(FileManager.default.contents(atPath: output))
        #expect(bytes.starts(with: Array("GIF89a".utf8)))
        let frames = try #require(try await Self.countFrames(output))
        #expect(frames >= 2, "ffprobe decodes \(frames) frames")
    }

    @Test func theRepresentativeStretchSkipsABlackIntro() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("preview.webp").path
        let report = try await AnimatedPreview(seconds: 0.5, width: 64).make(Fixtures.media("black_then_content.mp4"), to: output)
        #expect(report.start >= 0.75, "the loop is in the second, non-black half: starts at \(report.start)")
        #expect(report.notes.isEmpty)
    }

    @Test func aLoopLongerThanTheVideoIsShortenedWithANote() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("preview.gif").path
        let report = try await AnimatedPreview(seconds: 5, width: 64, format: .gif).make(Fixtures.media("h264_aac.mp4"), to: output)
        #expect(report.start == 0)
        #expect(report.frames == 20)
        #expect(report.notes == ["the video ends at 2.000s: the loop lasts 2.000s, not 5.000s"])
    }

    @Test func aStartPastTheEndIsAnErrorAndWritesNothing() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("preview.gif").path
        await #expect(throws: MediaError(.outOfRange, path: Fixtures.media("h264_aac.mp4"), "time 9.000s is past the end (duration 2.000s)")) {
            try await AnimatedPreview(format: .gif, start: 9).make(Fixtures.media("h264_aac.mp4"), to: output)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aGIFOfAMirroredClipShowsItAsFFmpegDoes() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("preview.gif").path
        let path = Fixtures.media("reflected.mp4")
        let report = try await AnimatedPreview(seconds: 0.2, width: 180, format: .gif, start: 0.4).make(path, to: output)
        #expect(report.width == 180 && report.height == 320)
        let first = folder.appendingPathComponent("first.png").path
        try await FFmpegCLI.frame(of: output, at: 0, width: 180, height: 320, to: first)
        let psnr = try await FFmpegCLI.psnr(of: first, againstFrameOf: path, at: 0.4, width: 180, height: 320)
        // A 256-colour dithered picture; the mirror image scores about 10 dB.
        #expect(psnr >= 22, "PSNR \(psnr) dB")
    }
}

extension AnimatedPreviewTests {
    @Test func tooManyPixelsToHoldAreRefusedBeforeDecoding() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("preview.webp").path
        let long = try await FFmpegCLI.makeClip("long.mp4", in: folder, inputs: ["testsrc2=s=64x64:r=30:d=20"])
        // 600 pictures of 1920x1920: 2.2 billion pixels.
        await #expect(throws: MediaError.self) {
            try await AnimatedPreview(seconds: 20, width: 1920, frameRate: 30).make(long, to: output)
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
