import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import sorareel

/// The `sorareel` binary run as a user runs it: arguments in, stdout, stderr and exit code out.
struct CommandLineTests {
    typealias Result = ProcessRunner.Result

    static let binary = SorareelBinary.url

    static func run(_ arguments: [String]) async throws -> Result {
        try await ProcessRunner.run(Self.binary, arguments)
    }

    @Test func probeJSONKeepsInputOrderAndReportsEachError() async throws {
        let files = ["h264_aac.mp4", "playlist.mp4", "missing.mp4", "rotated90.mp4"].map(Fixtures.media)
        let result = try await Self.run(["probe", "--json"] + files)
        #expect(result.status == 1)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [[String: Any]]]
        )
        let entries = try #require(document["files"])
        #expect(entries.map { $0["path"] as? String } == files)
        #expect((entries[0]["format"] as? [String: Any])?["format_name"] as? String == "mov,mp4,m4a,3gp,3g2,mj2")
        #expect((entries[0]["format"] as? [String: Any])?["duration"] as? Double == 2.0)
        #expect((entries[1]["error"] as? [String: String])?["code"] == "unsupported_format")
        #expect((entries[2]["error"] as? [String: String])?["message"] == "no such file")
        let rotated = try #require((entries[3]["streams"] as? [[String: Any]])?.first)
        #expect(rotated["rotation"] as? Int == -90)
        #expect(rotated["r_frame_rate"] as? String == "25/1")
    }

    @Test func probeSucceedsWhenEveryFileIsRead() async throws {
        let result = try await Self.run(["probe", Fixtures.media("h264_aac.mp4")])
        #expect(result.status == 0)
        #expect(result.stdout.contains("#0 video: h264 (High), 320x180, yuv420p, 25 fps"))
        #expect(result.stderr.isEmpty)
    }

    @Test(arguments: [
        ("empty.mp4", "empty file (0 bytes)"),
        ("missing.mp4", "no such file"),
        ("html_error.mp4", "not an MP4/MOV file (an HTML/XML document: a web or error page?)"),
    ])
    func badFilesGetOneLineNamingTheFile(_ name: String, _ reason: String) async throws {
        let path = Fixtures.media(name)
        let result = try await Self.run(["probe", path])
        #expect(result.status == 1)
        #expect(result.stderr == "\(path): \(reason)\n")
    }

    @Test func aFolderWithoutMediaGetsOneLine() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await Self.run(["validate", folder.path])
        #expect(result.status == 2, "no input to check is a usage problem, not a failed check")
        #expect(result.stderr == "\(folder.path): no media files in this folder (subfolders need --recursive)\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func validateExitsZeroOnlyWhenEveryFilePasses() async throws {
        let good = try await Self.run(["validate", "--expect-size", "320x180", Fixtures.media("h264_aac.mp4")])
        #expect(good.status == 0)
        #expect(good.stdout.hasPrefix("\(Fixtures.media("h264_aac.mp4")): PASS"))

        let mixed = try await Self.run(["validate", "--json", Fixtures.media("h264_aac.mp4"), Fixtures.media("truncated.mp4")])
        #expect(mixed.status == 1)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(mixed.stdout.utf8)) as? [String: Any])
        #expect((document["files"] as? [[String: Any]])?.map { $0["passed"] as? Bool } == [true, false])
    }

    @Test func quickSkipsTheDecode() async throws {
        let result = try await Self.run(["validate", "--quick", "--json", Fixtures.media("truncated.mp4")])
        #expect(result.status == 0, "structure alone cannot see the missing samples")
        #expect(!result.stdout.contains("\"decode\""))
    }

    @Test func badFlagsAreUsageErrors() async throws {
        #expect(throws: (any Error).self) { try Sorareel.parseAsRoot(["validate", "x.mp4", "--expect-size", "wide"]) }
        #expect(throws: (any Error).self) { try Sorareel.parseAsRoot(["validate", "x.mp4", "--tolerance", "-1"]) }
        let result = try await Self.run(["validate", "x.mp4", "--expect-size", "0x720"])
        #expect(result.status == 2, "validate's usage errors exit 2, as documented")
        #expect(try await Self.run(["probe", "x.mp4", "--bogus"]).status == 64, "other commands keep argument-parser's code")
    }
}
