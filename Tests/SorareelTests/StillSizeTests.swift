import Foundation
import TestSupport
import Testing

/// Issue 11, item 5: stills and sheets as wide as the encoders can make, and a refusal in words
/// (with the widest that works) past that, never "Cannot allocate memory".
struct StillSizeTests {
    static func run(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await CommandLineTests.run(arguments)
    }

    /// The widest size named in a refusal, which must then work.
    static func widest(in message: String) -> String? {
        guard let range = message.range(of: "here at most ") else { return nil }
        return String(message[range.upperBound...].prefix { $0.isNumber })
    }

    @Test func aTooWideJPEGStillIsRefusedWithTheWidestThatWorks() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = Fixtures.media("h264_aac.mp4")
        let refused = try await Self.run(["thumbnail", clip, "--width", "8192", "-o", folder.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("\(clip): a 8192x4608 JPEG image is too large: at most about 22 million pixels"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("allocate"))
        let width = try #require(Self.widest(in: refused.stderr))
        let widest = try await Self.run(["thumbnail", clip, "--width", width, "-o", folder.path])
        #expect(widest.status == 0, "\(widest.stderr)")
        // PNG holds twice as many pixels: the whole documented range works at 16:9.
        let png = try await Self.run(["thumbnail", clip, "--width", "8192", "--format", "png", "-o", folder.path])
        #expect(png.status == 0, "\(png.stderr)")
    }

    @Test func aTinyClipScaledUpSaysSoInWords() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("tiny.mp4").path
        #expect(try await Self.run(["synth", clip, "--size", "16x16", "--seconds", "0.2"]).status == 0)
        let result = try await Self.run(["thumbnail", clip, "--width", "6000", "-o", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("\(clip): a 6000x6000 JPEG image is too large"), "\(result.stderr)")
        let width = try #require(Self.widest(in: result.stderr))
        #expect(try await Self.run(["thumbnail", clip, "--width", width, "-o", folder.path]).status == 0)
    }

    @Test func aTooWideSheetIsRefusedWithTheWidestThatWorks() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = Fixtures.media("h264_aac.mp4")
        let refused = try await Self.run(["sheet", clip, "--width", "8192", "-o", folder.path + "/"])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("\(clip): a 8192x3456 JPEG image is too large"), "\(refused.stderr)")
        let width = try #require(Self.widest(in: refused.stderr))
        let widest = try await Self.run(["sheet", clip, "--width", width, "-o", folder.path + "/"])
        #expect(widest.status == 0, "\(widest.stderr)")
    }
}
