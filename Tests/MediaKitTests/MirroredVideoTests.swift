import Foundation
import MediaKit
import SoraAPI
import TestSupport
import Testing

/// Issue 16, item 5: a display matrix that reflects as well as rotates ({0 1; 1 0}, which
/// ffprobe reports as rotation -90) comes out as ffmpeg shows it (`transpose=cclock_flip`),
/// not as the mirror image of that: stills, sheets and reels.
struct MirroredVideoTests {
    /// The committed fixture, and the corpus clip it imitates (when `../shared` is there).
    static let clips: [(path: String, time: Double)] =
        [(Fixtures.media("reflected.mp4"), 0.4)]
        + (Fixtures.corpus == nil ? [] : [(Fixtures.corpusPath("media3__sample_rotate_and_reflect.mp4"), 0.5)])

    @Test func aMirroredStillEqualsFFmpegsFrame() async throws {
        if Fixtures.corpus == nil { print("note: ../shared/corpus/real is absent: media3__sample_rotate_and_reflect.mp4 not checked") }
        for clip in Self.clips {
            let folder = try Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let still = try #require(try await Thumbnailer(mode: .at(clip.time), format: .png).thumbnails(of: clip.path, into: folder.path).first)
            let psnr = try await FFmpegCLI.psnr(of: still.path, againstFrameOf: clip.path, at: clip.time, width: still.width, height: still.height)
            #expect(psnr >= 35, "\(clip.path): PSNR \(psnr) dB against ffmpeg's frame")
            #expect(still.height > still.width, "\(clip.path): shown turned, taller than wide")
        }
    }

    @Test func aMirroredSheetTileEqualsFFmpegsFrame() async throws {
        let path = Fixtures.media("reflected.mp4")
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sheet = folder.appendingPathComponent("sheet.png").path
        // One tile: the first picture at or after the middle (0.5 s of 1.0 s), 0.52 s at 25 fps.
        let size = try await ContactSheet(columns: 1, rows: 1, width: 180).write(path, to: sheet)
        #expect(size == VideoSize(width: 180, height: 320))
        let psnr = try await FFmpegCLI.psnr(of: sheet, againstFrameOf: path, at: 0.5, width: 180, height: 320)
        #expect(psnr >= 35, "PSNR \(psnr) dB")
    }

    @Test func aReencodedReelShowsTheMirroredClipAsFFmpegDoes() async throws {
        let path = Fixtures.media("reflected.mp4")
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let result = try await ReelBuilder(options: ReelOptions(mode: .reencode, chapters: false)).build([ReelInput(path: path)], to: reel)
        #expect(result.mode == .reencode)
        let ours = folder.appendingPathComponent("reel.png").path
        try await FFmpegCLI.frame(of: reel, at: 0.5, width: 180, height: 320, to: ours)
        let psnr = try await FFmpegCLI.psnr(of: ours, againstFrameOf: path, at: 0.5, width: 180, height: 320)
        // The reel is H.264 again (lossy): the mirror image scores about 10 dB.
        #expect(psnr >= 30, "PSNR \(psnr) dB")
    }

    @Test func aMirroredClipIsNotStreamCopiedWithAPlainlyTurnedOne() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let result = try await ReelBuilder(options: ReelOptions(mode: .auto, chapters: false)).build(
            [ReelInput(path: Fixtures.media("rotated90.mp4")), ReelInput(path: Fixtures.media("reflected.mp4"))], to: reel
        )
        #expect(result.mode == .reencode, "\(result.reason)")
    }
}
