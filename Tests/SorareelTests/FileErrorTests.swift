import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 11, item 13: an unreadable file names the real cause, not a guess from libavformat.
struct FileErrorTests {
    static func run(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await CommandLineTests.run(arguments)
    }

    /// A file without read permission says so. Root reads it anyway, so as root the check
    /// runs as `nobody` through setpriv(1) (skipped, with a note, where that is missing).
    @Test func aFileWithoutReadPermissionSaysPermissionDenied() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("locked.mp4").path
        try FileManager.default.copyItem(atPath: Fixtures.media("h264_aac.mp4"), toPath: path)
        chmod(folder.path, 0o755)
        chmod(path, 0)
        let result: ProcessRunner.Result
        if getuid() != 0 {
            result = try await Self.run(["probe", path])
        } else if FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            let arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", CommandLineTests.binary.path, "probe", path]
            result = try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/setpriv"), arguments)
        } else {
            print("note: skipped aFileWithoutReadPermissionSaysPermissionDenied: root without setpriv cannot lose read permission")
            return
        }
        #expect(result.status == 1)
        #expect(result.stderr == "\(path): cannot read it: permission denied\n")
    }

    /// open(2)'s errno is what is reported: a path through a file fails with ENOTDIR.
    @Test func aPathThroughAFileSaysSo() async throws {
        let path = Fixtures.media("h264_aac.mp4") + "/clip.mp4"
        let result = try await Self.run(["probe", path])
        #expect(result.status == 1)
        #expect(result.stderr == "\(path): no such file (a folder in its path is a file)\n")
    }

    @Test func aFIFOIsNotAMediaFile() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("pipe.mp4").path
        #expect(mkfifo(path, 0o644) == 0)
        let result = try await Self.run(["probe", path])
        #expect(result.status == 1)
        #expect(result.stderr == "\(path): is not a regular file\n")
    }

    /// A file cut short right after its header: no picture at 0 s, and the reason is the damage.
    @Test func aStillOfACutShortFileNamesTheDamage() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.media("h264_aac.mp4")))
        let mdat = try #require(bytes.range(of: Data("mdat".utf8)))
        let path = folder.appendingPathComponent("cut.mp4").path
        try bytes.prefix(mdat.upperBound + 300).write(to: URL(fileURLWithPath: path))
        let result = try await Self.run(["thumbnail", path, "--at", "0", "-o", folder.path])
        #expect(result.status == 1)
        #expect(result.stderr == "\(path): no picture at 0.000s: the file ends at 0.000s of a stated 2.000s (damaged or cut short)\n")

        let late = try await Self.run(["thumbnail", Fixtures.media("truncated.mp4"), "--at", "1.5", "-o", folder.path])
        #expect(late.status == 1)
        #expect(late.stderr.contains("time 1.500s is past the readable end: the file ends at"), "\(late.stderr)")
        #expect(late.stderr.contains("of a stated 2.000s (damaged or cut short)"))
    }
}
