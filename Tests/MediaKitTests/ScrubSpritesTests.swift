import Foundation
import MediaKit
import TestSupport
import Testing

/// Issue 16, item 1: scrub sprites and their WebVTT thumbnail track.
struct ScrubSpritesTests {
    /// The track's cues, after checking that they cover the video and that every cue's image
    /// exists and holds its rectangle.
    static func expectCoverage(
        vtt: String, duration: Double, interval: Double, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws
        -> [WebVTTTrack.Cue]
    {
        let problems = try await WebVTTTrack.problems(vtt: vtt, duration: duration, interval: interval)
        #expect(problems.isEmpty, "\(problems)", sourceLocation: sourceLocation)
        return try WebVTTTrack.parse(String(contentsOfFile: vtt, encoding: .utf8))
    }

    @Test func cuesCoverTheClipAndPointIntoTheSheets() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try await ScrubSprites(interval: 0.5, width: 80, columns: 3).make(Fixtures.media("h264_aac.mp4"), into: folder.path)
        #expect(report.cues.count == 4)
        #expect(report.sheets.count == 1)
        #expect(report.sheets.first?.width == 240, "3 thumbnails across")
        #expect(report.sheets.first?.height == 2 * report.thumbnailHeight, "4 thumbnails: two rows")
        #expect(report.vtt == folder.appendingPathComponent("h264_aac.sprites.vtt").path)
        let cues = try await Self.expectCoverage(vtt: report.vtt, duration: 2.0, interval: 0.5)
        #expect(cues.map(\.x) == [0, 80, 160, 0])
        #expect(cues.last?.file == "h264_aac.sprites-0.jpg")
    }

    @Test func manyThumbnailsFillSeveralSheetsAndAPartialLastOne() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try await ScrubSprites(interval: 0.15, width: 32, columns: 2, rows: 2, format: .webp).make(
            Fixtures.media("h264_aac.mp4"), into: folder.path, stem: "clip #1"
        )
        #expect(report.cues.count == 14, "2.0 s at 0.15 s")
        #expect(report.sheets.map(\.thumbnails) == [4, 4, 4, 2])
        #expect(report.cues.last?.end == 2.0)
        let cues = try await Self.expectCoverage(vtt: report.vtt, duration: 2.0, interval: 0.15)
        #expect(cues.last?.file == "clip #1.sprites-3.webp", "the # is percent-encoded in the VTT file")
        let text = try String(contentsOfFile: report.vtt, encoding: .utf8)
        #expect(text.contains("clip%20%231.sprites-3.webp#xywh=0,0,32,18"))
    }

    @Test func aSpriteOfAMirroredClipEqualsFFmpegsFrame() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try await ScrubSprites(interval: 2, width: 180, columns: 1, format: .png).make(Fixtures.media("reflected.mp4"), into: folder.path)
        let sheet = try #require(report.sheets.first)
        #expect(sheet.width == 180 && sheet.height == 320)
        let psnr = try await FFmpegCLI.psnr(of: sheet.path, againstFrameOf: Fixtures.media("reflected.mp4"), at: 0, width: 180, height: 320)
        #expect(psnr >= 35, "PSNR \(psnr) dB")
    }

    @Test func anInputIsNeverOverwritten() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("a.sprites.vtt")
        try FileManager.default.copyItem(atPath: Fixtures.media("h264_aac.mp4"), toPath: input.path)
        await #expect(throws: MediaError.self) {
            try await ScrubSprites(interval: 1).make(input.path, into: folder.path, stem: "a")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.sprites.vtt"])
    }

    @Test func valuesOutOfRangeAreRefused() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        await #expect(throws: MediaError.self) {
            try await ScrubSprites(interval: 0.01).make(Fixtures.media("h264_aac.mp4"), into: folder.path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
