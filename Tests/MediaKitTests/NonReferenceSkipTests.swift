import Foundation
import MediaKit
import TestSupport
import Testing

/// Issue 16, item 4: stills decode forward skipping pictures no other picture refers to
/// (`skip_frame=nonref`) until just before the asked time, on one thread or on frame threads.
/// That must never change which picture comes out: B-frames (non-reference ones included) at
/// and just after the time, and the last pictures of the clip, equal ffmpeg's.
struct NonReferenceSkipTests {
    @Test(arguments: [0, 1])
    func stillsOfAClipWithBFramesEqualFFmpegsFrames(threads: Int) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // x264 medium: 3 B-frames with a pyramid, one keyframe: most pictures are B-frames.
        let clip = try await FFmpegCLI.makeClip(
            "bframes.mp4", in: folder, inputs: ["testsrc2=s=320x240:r=30:d=3"], options: ["-preset", "medium", "-g", "250", "-bf", "3"]
        )
        for time in [1.0, 1.033, 1.5, 2.2, 2.95] {
            let thumbnailer = Thumbnailer(mode: .at(time), format: .png, decoderThreads: threads)
            let still = try #require(try await thumbnailer.thumbnails(of: clip, into: folder.path).first)
            let psnr = try await FFmpegCLI.psnr(of: still.path, againstFrameOf: clip, at: time, width: still.width, height: still.height)
            #expect(psnr >= 35, "at \(time) s, \(threads) thread(s): PSNR \(psnr) dB")
            try FileManager.default.removeItem(atPath: still.path)
        }
    }

    @Test func evenlySpacedStillsDecodingOnStayExact() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try await FFmpegCLI.makeClip(
            "bframes.mp4", in: folder, inputs: ["testsrc2=s=320x240:r=30:d=3"], options: ["-preset", "medium", "-g", "250", "-bf", "3"]
        )
        let stills = try await Thumbnailer(mode: .count(6), format: .png, decoderThreads: 1).thumbnails(of: clip, into: folder.path)
        #expect(stills.count == 6)
        for still in stills {
            let psnr = try await FFmpegCLI.psnr(of: still.path, againstFrameOf: clip, at: still.time, width: still.width, height: still.height)
            #expect(psnr >= 35, "at \(still.time) s: PSNR \(psnr) dB")
        }
    }
}
