import Foundation
import TestSupport
import Testing

/// Issue 11, item 6: a damaged (cut-short) input is said, and used only when asked, for what
/// is really there.
struct DamagedInputTests {
    static func run(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await CommandLineTests.run(arguments)
    }

    static let truncated = Fixtures.media("truncated.mp4")
    static let damage = "the file ends at 1.200s of a stated 2.000s (damaged or cut short)"

    @Test func aSheetOfATruncatedFileFailsNamingTheTilesPastTheEnd() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sheet = folder.appendingPathComponent("t.jpg").path
        let refused = try await Self.run(["sheet", Self.truncated, "-o", sheet])
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "\(Self.truncated): \(Self.damage): tiles 8-12 of 12 are past the readable end; --allow-damaged makes a sheet of the readable part\n"
        )
        #expect(!FileManager.default.fileExists(atPath: sheet))

        let allowed = try await Self.run(["sheet", Self.truncated, "-o", sheet, "--allow-damaged"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stderr == "\(Self.truncated): warning: \(Self.damage): the sheet spans the readable 1.200s\n")
        #expect(FileManager.default.fileExists(atPath: sheet))
    }

    @Test func concatRefusesADamagedInputUnlessAllowed() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let inputs = [Self.truncated, Fixtures.media("h264_aac.mp4")]
        let refused = try await Self.run(["concat"] + inputs + ["-o", reel])
        #expect(refused.status == 1)
        #expect(refused.stderr == "\(Self.truncated): \(Self.damage); --allow-damaged uses what is there\n")
        #expect(!FileManager.default.fileExists(atPath: reel))

        for mode in ["copy", "reencode"] {
            let allowed = try await Self.run(["concat"] + inputs + ["-o", reel, "--allow-damaged", "--mode", mode, "--json"])
            #expect(allowed.status == 0, "\(allowed.stderr)")
            let said = allowed.stderr.split(separator: "\n").filter { !$0.hasPrefix("writing the reel: ") }
            #expect(said == ["warning: \(Self.truncated): \(Self.damage): used up to 1.200s"])
            let document = try #require(try JSONSerialization.jsonObject(with: Data(allowed.stdout.utf8)) as? [String: Any])
            let chapters = try #require(document["chapters"] as? [[String: Any]])
            let ends = chapters.compactMap { ($0["end"] as? Double).map { ($0 * 100).rounded() / 100 } }
            #expect(ends == [1.2, 3.2], "\(mode): the chapter of the damaged clip is as long as what is there")
            let check = try await Self.run(["validate", reel])
            #expect(check.status == 0, "\(mode): \(check.stdout)")
        }
    }
}
