import Foundation
import TestSupport
import Testing

/// Issue 11, items 10 and 11: one call never overwrites its own inputs, and never writes two
/// outputs under one name.
struct OutputSafetyTests {
    static func run(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await CommandLineTests.run(arguments)
    }

    /// A folder holding `a.mp4` (a copy of `h264_aac.mp4`) and `b.mp4` (of `h264_aac_b.mp4`).
    static func clips() throws -> URL {
        let folder = try Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Fixtures.media("h264_aac.mp4"), toPath: folder.appendingPathComponent("a.mp4").path)
        try FileManager.default.copyItem(atPath: Fixtures.media("h264_aac_b.mp4"), toPath: folder.appendingPathComponent("b.mp4").path)
        return folder
    }

    /// How the output names the first input: itself, another spelling, a symbolic link, a hard link.
    enum Spelling: String, CaseIterable { case same, dotted, symlink, hardlink }

    @Test(arguments: Spelling.allCases)
    func concatNeverOverwritesAnInput(_ spelling: Spelling) async throws {
        let folder = try Self.clips()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.mp4").path
        let b = folder.appendingPathComponent("b.mp4").path
        let original = try Data(contentsOf: URL(fileURLWithPath: a))
        var output = a
        switch spelling {
        case .same: break
        case .dotted: output = folder.path + "/./a.mp4"
        case .symlink:
            output = folder.appendingPathComponent("link.mp4").path
            try FileManager.default.createSymbolicLink(atPath: output, withDestinationPath: "a.mp4")
        case .hardlink:
            output = folder.appendingPathComponent("hard.mp4").path
            try FileManager.default.linkItem(atPath: a, toPath: output)
        }
        let result = try await Self.run(["concat", a, b, "-o", output])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(output): will not overwrite an input"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == original)
    }

    @Test func sheetAndThumbnailNeverOverwriteTheirInput() async throws {
        let folder = try Self.clips()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.mp4").path
        let original = try Data(contentsOf: URL(fileURLWithPath: a))
        let sheet = try await Self.run(["sheet", a, "-o", a])
        #expect(sheet.status == 1)
        #expect(sheet.stderr.contains("will not overwrite an input"), "\(sheet.stderr)")
        // A second video named like the still that --at 0 writes for the first.
        let first = folder.appendingPathComponent("v.mp4").path
        let video = folder.appendingPathComponent("v_t000.000.jpg").path
        try FileManager.default.copyItem(atPath: a, toPath: first)
        try FileManager.default.copyItem(atPath: a, toPath: video)
        let still = try await Self.run(["thumbnail", first, video, "-o", folder.path])
        #expect(still.status == 1)
        #expect(still.stderr.contains("will not overwrite an input"), "\(still.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == original)
        #expect(try Data(contentsOf: URL(fileURLWithPath: video)) == original)
    }

    /// `a/x.mp4` and `b/x.mp4`: two different videos with one name.
    static func twins() throws -> (folder: URL, first: String, second: String) {
        let folder = try Fixtures.temporaryDirectory()
        for (sub, source) in [("a", "h264_aac.mp4"), ("b", "h264_aac_b.mp4")] {
            let dir = folder.appendingPathComponent(sub)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Fixtures.media(source), toPath: dir.appendingPathComponent("x.mp4").path)
        }
        return (folder, folder.appendingPathComponent("a/x.mp4").path, folder.appendingPathComponent("b/x.mp4").path)
    }

    @Test func sheetsOfVideosWithOneNameGetTwoNames() async throws {
        let (folder, first, second) = try Self.twins()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path + "/"
        let result = try await Self.run(["sheet", first, second, "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(names == ["x-2.sheet.jpg", "x.sheet.jpg"])
        let paths = result.stdout.split(separator: "\n").map { String($0.split(separator: " ").first ?? "") }
        #expect(Set(paths).count == 2)
    }

    @Test func thumbnailsOfVideosWithOneNameGetTwoNames() async throws {
        let (folder, first, second) = try Self.twins()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out").path
        let result = try await Self.run(["thumbnail", first, second, "--count", "2", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let listed = result.stdout.split(separator: "\n").map(String.init)
        #expect(listed.count == 4)
        #expect(Set(listed).count == 4)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).count == 4)
        for path in listed { #expect(FileManager.default.fileExists(atPath: path)) }
    }

    @Test func oneImageForSeveralSheetsIsRefused() async throws {
        let folder = try Self.clips()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.mp4").path
        let target = folder.appendingPathComponent("same.jpg").path
        let result = try await Self.run(["sheet", a, a, "-o", target])
        #expect(result.status == 64)
        #expect(result.stderr.contains("names one image"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func anOutputFolderThatIsAFileIsSaidInWords() async throws {
        let folder = try Self.clips()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = folder.appendingPathComponent("a.mp4").path
        let blocker = folder.appendingPathComponent("file").path
        _ = FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        let result = try await Self.run(["thumbnail", a, "-o", blocker])
        #expect(result.status == 1)
        #expect(result.stderr == "\(blocker): is a file, not a folder: --output names the folder for the images\n")
    }
}
