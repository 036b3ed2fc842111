import Foundation
import MediaKit
import TestSupport
import Testing

/// Every kind of bad input gets its own clear, one-line reason.
struct BrokenInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var code: MediaError.Code
        var message: String
        var testDescription: String { self.file }
    }

    static let cases: [Case] = [
        Case(file: "playlist.mp4", code: .unsupportedFormat, message: "not an MP4/MOV file (detected: hls)"),
        Case(file: "ffconcat.mp4", code: .unsupportedFormat, message: "not an MP4/MOV file (detected: concat)"),
        Case(file: "html_error.mp4", code: .unsupportedFormat, message: "not an MP4/MOV file (an HTML"),
        Case(file: "random_bytes.mp4", code: .unsupportedFormat, message: "not an MP4/MOV file (unrecognized data)"),
        Case(file: "no_moov.mp4", code: .incomplete, message: "moov atom not found"),
        Case(file: "empty.mp4", code: .empty, message: "empty file (0 bytes)"),
        Case(file: "does_not_exist.mp4", code: .notFound, message: "no such file"),
    ]

    @Test(arguments: Self.cases)
    func probeNamesTheReason(_ testCase: Case) async throws {
        let path = Fixtures.media(testCase.file)
        let error = try await #require(throws: MediaError.self, "\(testCase.file) was probed without an error") {
            try await MediaProbe().probe(path)
        }
        #expect(error.code == testCase.code)
        #expect(error.message.hasPrefix(testCase.message), "\(error.message)")
        #expect(error.description == "\(path): \(error.message)")
        #expect(!error.description.contains("\n"))
    }

    @Test func aDirectoryIsNotAMediaFile() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        await #expect(throws: MediaError(.notAFile, path: folder.path, "is a directory, not a media file")) {
            try await MediaProbe().probe(folder.path)
        }
    }

    /// A playlist named `.mp4` that points at a FIFO: following it would block on the FIFO forever.
    @Test(.timeLimit(.minutes(1)), arguments: ["hls", "concat"])
    func aPlaylistNamedMP4IsNotFollowed(_ kind: String) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("segment.ts").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let playlist = folder.appendingPathComponent("clip.mp4")
        let text =
            kind == "hls"
            ? "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n\(fifo)\n#EXT-X-ENDLIST\n"
            : "ffconcat version 1.0\nfile \(fifo)\n"
        try text.write(to: playlist, atomically: true, encoding: .utf8)

        let error = try await #require(throws: MediaError.self, "a \(kind) playlist was opened") {
            try await MediaProbe().probe(playlist.path)
        }
        #expect(error.code == .unsupportedFormat)
        #expect(error.message == "not an MP4/MOV file (detected: \(kind))")
        let report: ValidationReport = try await Validator().validate(playlist.path)
        #expect(report.error?.code == .unsupportedFormat)
    }

    @Test(.corpus) func otherContainersOpenOnlyWhenAllowed() async throws {
        let path = Fixtures.corpusPath("torchcodec__av1_video.mkv")
        await #expect(throws: MediaError.self) { try await MediaProbe().probe(path) }
        let info = try await MediaProbe(options: MediaOpenOptions(allowsOtherContainers: true)).probe(path)
        #expect(info.format.formatName == "matroska,webm")
        // Playlists stay refused even then.
        await #expect(throws: MediaError.self) {
            try await MediaProbe(options: MediaOpenOptions(allowsOtherContainers: true)).probe(Fixtures.media("playlist.mp4"))
        }
    }

    @Test func aTimeLimitStopsTheWork() async {
        let probe = MediaProbe(options: MediaOpenOptions(timeLimit: .zero))
        await #expect(throws: MediaError.self) { try await probe.probe(Fixtures.media("h264_aac.mp4")) }
        do {
            _ = try await probe.probe(Fixtures.media("h264_aac.mp4"))
        } catch {
            #expect(error.code == .timedOut)
        }
    }
}
