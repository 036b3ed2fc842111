import Foundation
import MediaKit
import SoraAPI
import TestSupport
import Testing

struct ThumbnailerTests {
    @Test(arguments: [("h264_aac.mp4", 1.2), ("h264_aac.mp4", 0.52), ("rotated90.mp4", 0.4), ("portrait.mp4", 0.7)])
    func anAccurateStillEqualsFFmpegsFrame(_ name: String, _ time: Double) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stills: [MediaKit.Thumbnail] = try await Thumbnailer(mode: .at(time), format: .png).thumbnails(of: Fixtures.media(name), into: folder.path)
        let still = try #require(stills.first)
        #expect(still.time >= time - 1e-6 && still.time < time + 0.04, "the first picture at or after the time")
        let psnr = try await FFmpegCLI.psnr(of: still.path, againstFrameOf: Fixtures.media(name), at: time, width: still.width, height: still.height)
        #expect(psnr >= 35, "PSNR \(psnr) dB")
    }

    @Test func rotatedVideosComeOutUpright() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let still = try #require(
            try await Thumbnailer(mode: .at(0.5), width: 90).thumbnails(of: Fixtures.media("rotated90.mp4"), into: folder.path).first)
        #expect(still.width == 90 && still.height == 160, "stored 320x180, shown 180x320")
    }

    @Test func aTimePastTheEndNamesTheDuration() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        await #expect(throws: MediaError(.outOfRange, path: Fixtures.media("h264_aac.mp4"), "time 12.000s is past the end (duration 2.000s)")) {
            try await Thumbnailer(mode: .at(12)).thumbnails(of: Fixtures.media("h264_aac.mp4"), into: folder.path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func countGivesEvenlySpacedDistinctTimes() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stills = try await Thumbnailer(mode: .count(4), width: 160).thumbnails(of: Fixtures.media("h264_aac.mp4"), into: folder.path)
        #expect(stills.map(\.time) == [0.28, 0.76, 1.28, 1.76], "the first pictures at or after 0.25, 0.75, 1.25, 1.75 s")
        #expect(Set(stills.map(\.path)).count == 4)
        #expect(stills.allSatisfy { $0.width == 160 && $0.height == 90 })
        #expect(stills.first?.path.hasSuffix("h264_aac_t000.280.jpg") == true)
    }

    @Test func keyframeModeTakesTheKeyframeBefore() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let still = try #require(
            try await Thumbnailer(mode: .at(1.7), keyframesOnly: true).thumbnails(of: Fixtures.media("h264_aac.mp4"), into: folder.path).first)
        #expect(still.time == 1.0, "the fixtures have a keyframe each second")
    }

    @Test func theBestStillSkipsBlack() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let still = try #require(try await Thumbnailer(mode: .best).thumbnails(of: Fixtures.media("black_then_content.mp4"), into: folder.path).first)
        #expect(still.time >= 1.0)
    }

    @Test(arguments: ["audio_only.mp4", "playlist.mp4", "no_moov.mp4", "empty.mp4"])
    func badInputsGetTheProbesError(_ name: String) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try await #require(throws: MediaError.self, "\(name) gave a still") {
            try await Thumbnailer().thumbnails(of: Fixtures.media(name), into: folder.path)
        }
        if name == "audio_only.mp4" {
            #expect(error.code == .noVideo)
        } else {
            await #expect(throws: error) { try await MediaProbe().probe(Fixtures.media(name)) }
        }
    }

    @Test func aContactSheetHasTheGridsSize() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sheet.png").path
        let size = try await ContactSheet(columns: 5, rows: 2, width: 800).write(Fixtures.media("h264_aac.mp4"), to: path)
        #expect(size == VideoSize(width: 800, height: 180), "5 tiles of 160x90 across, 2 down")
        #expect(FileManager.default.fileExists(atPath: path))
    }

    /// Every corpus file that validates cleanly yields a still without a crash.
    @Test(.corpus, .serialized, arguments: Fixtures.corpusFiles)
    func cleanCorpusFilesYieldAStill(_ name: String) async throws {
        let report = try await Validator(options: ValidationOptions(deep: false)).validate(Fixtures.corpusPath(name))
        guard report.info?.video != nil, !Fixtures.decodeShowsErrors(name) else { return }
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stills = try await Thumbnailer(mode: .count(2), width: 160).thumbnails(of: Fixtures.corpusPath(name), into: folder.path)
        // One-picture files give one still: two stills are never the same picture.
        #expect((1...2).contains(stills.count))
        #expect(Set(stills.map(\.path)).count == stills.count)
        #expect(stills.allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
    }
}
