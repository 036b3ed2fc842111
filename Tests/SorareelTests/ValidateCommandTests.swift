import Foundation
import TestSupport
import Testing

/// `sorareel validate` on folders, with policies, JUnit XML, the summary and its exit codes.
struct ValidateCommandTests {
    static func run(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await CommandLineTests.run(["validate"] + arguments)
    }

    /// A folder: two clips (one truncated), a text file, and a subfolder with a copy of the good one.
    static func folder() throws -> URL {
        let folder = try Fixtures.temporaryDirectory()
        let manager = FileManager.default
        try manager.copyItem(atPath: Fixtures.media("h264_aac.mp4"), toPath: folder.appendingPathComponent("good.mp4").path)
        try manager.copyItem(atPath: Fixtures.media("truncated.mp4"), toPath: folder.appendingPathComponent("cut short.mp4").path)
        try Data("notes".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let drafts = folder.appendingPathComponent("drafts")
        try manager.createDirectory(at: drafts, withIntermediateDirectories: true)
        try manager.copyItem(atPath: Fixtures.media("h264_aac.mp4"), toPath: drafts.appendingPathComponent("b.mp4").path)
        return folder
    }

    @Test func quietKeepsOnlyFailures() async throws {
        let good = try await Self.run(["--quiet", Fixtures.media("h264_aac.mp4")])
        #expect(good.status == 0)
        #expect(good.stdout.isEmpty, "\(good.stdout)")

        let mixed = try await Self.run(["--quiet", Fixtures.media("h264_aac.mp4"), Fixtures.media("truncated.mp4")])
        #expect(mixed.status == 1)
        #expect(!mixed.stdout.contains("PASS") && !mixed.stdout.contains("  ok  "), "\(mixed.stdout)")
        #expect(mixed.stdout.hasPrefix("\(Fixtures.media("truncated.mp4")): FAIL\n  FAIL  decode"), "\(mixed.stdout)")
        #expect(!mixed.stdout.contains("Summary"))
    }

    @Test func aFolderIsWalkedAndOtherFilesAreSkippedWithANote() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let flat = try await Self.run([folder.path])
        #expect(flat.status == 1, "the truncated clip fails")
        #expect(flat.stdout.contains("\(folder.path)/good.mp4: PASS"))
        #expect(flat.stdout.contains("\(folder.path)/cut short.mp4: FAIL"))
        #expect(!flat.stdout.contains("b.mp4"), "subfolders need --recursive")
        #expect(flat.stderr.contains("skipped 2 paths that are not media files"), "\(flat.stderr)")
        #expect(flat.stdout.contains("Summary: 2 files, 1 passed, 1 failed. Failed: decode 1"), "\(flat.stdout)")

        let deep = try await Self.run(["--recursive", "--json", folder.path])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(deep.stdout.utf8)) as? [String: Any])
        let files = try #require(document["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["cut short.mp4", "good.mp4", "drafts/b.mp4"].map { "\(folder.path)/\($0)" })
        let summary = try #require(document["summary"] as? [String: Any])
        #expect(summary["files"] as? Int == 3 && summary["passed"] as? Int == 2 && summary["failed"] as? Int == 1)
        #expect((summary["failed_rules"] as? [String: Int])?["decode"] == 1)
    }

    @Test func exitCodesAreDocumented() async throws {
        #expect(try await Self.run([Fixtures.media("h264_aac.mp4")]).status == 0)
        #expect(try await Self.run([Fixtures.media("truncated.mp4")]).status == 1)
        let missing = try await Self.run([Fixtures.media("h264_aac.mp4"), "/nonexistent/clip.mp4"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/clip.mp4: no such file or folder"))
        let empty = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let none = try await Self.run([empty.path])
        #expect(none.status == 2)
        #expect(none.stderr.contains("no media files in this folder"))
        #expect(try await Self.run(["x.mp4", "--expect-size", "0x720"]).status == 2)
        #expect(try await Self.run(["x.mp4", "--max-flashes", "-1"]).status == 2)
        #expect(try await Self.run(["x.mp4", "--rule", "loudness=loud"]).status == 2)
    }

    @Test func aPolicySetsThresholdsAndLevelsWithGlobOverrides() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = folder.appendingPathComponent("qa.yaml")
        try Data(
            """
            rules:
              loudness: { target: -14, tolerance: 1 }
              decode: warning
            overrides:
              - glob: "drafts/**"
                rules:
                  loudness: off
            """.utf8
        ).write(to: policy)
        let result = try await Self.run(["--recursive", "--json", "--policy", policy.path, folder.path])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let files = try #require(document["files"] as? [[String: Any]])
        func verdict(_ file: Int, _ rule: String) -> [String: Any]? {
            (files[file]["verdicts"] as? [[String: Any]])?.first { $0["rule"] as? String == rule }
        }
        #expect(verdict(1, "loudness")?["passed"] as? Bool == false, "good.mp4 is not at -14 LUFS")
        #expect(verdict(2, "loudness") == nil, "off for drafts/")
        #expect(verdict(0, "decode")?["severity"] as? String == "warning")
        #expect(files.map { $0["passed"] as? Bool } == [false, false, true])

        let flag = try await Self.run(["--json", "--policy", policy.path, "--loudness-target", "-21.8", Fixtures.media("h264_aac.mp4")])
        #expect(flag.status == 0, "a flag overrides the policy: \(flag.stdout)")
    }

    @Test func aBadPolicyIsOneLineAndExitCodeTwo() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = folder.appendingPathComponent("qa.yaml")
        try Data("rules:\n  loudness:\n    target: -90\n".utf8).write(to: policy)
        let result = try await Self.run(["--policy", policy.path, Fixtures.media("h264_aac.mp4")])
        #expect(result.status == 2)
        #expect(result.stderr == "\(policy.path):3: rules.loudness.target: -90 is outside -70...0 (integrated loudness in LUFS)\n")
    }

    @Test func theExamplePolicyIsValid() async throws {
        let result = try await Self.run([
            "--quick", "--policy", Fixtures.root.appendingPathComponent("Fixtures/policies/qa.yaml").path, Fixtures.media("h264_aac.mp4"),
        ])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// JUnit XML that `junitparser` (as CI reporters) reads: a suite per file, a case per rule,
    /// failures with expected and actual, not-applicable rules skipped.
    @Test func junitXMLIsReadByJUnitParser() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: Fixtures.media("h264_silent.mp4"), toPath: folder.appendingPathComponent("<silent & \"odd\">.mp4").path)
        let out = folder.appendingPathComponent("out.xml").path
        let result = try await Self.run([folder.path, "--junit", out])
        #expect(result.status == 1)
        let (read, skipReason) = try await JUnitParser.read(out)
        guard let suites = read else {
            print("ValidateCommandTests: JUnit check skipped: \(skipReason ?? "")")
            return
        }
        #expect(suites.count == 3)
        #expect(suites.map { $0["name"] as? String } == ["<silent & \"odd\">.mp4", "cut short.mp4", "good.mp4"].map { "\(folder.path)/\($0)" })
        let truncated = suites[1]
        #expect(truncated["failures"] as? Int == 1)
        let cases = try #require(truncated["cases"] as? [[String: Any]])
        let decode = try #require(cases.first { $0["name"] as? String == "decode" })
        #expect(decode["result"] as? String == "failure")
        #expect((decode["message"] as? String)?.hasPrefix("expected 0 errors, actual ") == true)
        #expect((decode["text"] as? String)?.contains("expected: 0 errors\nactual: ") == true)
        let silent = try #require(suites[0]["cases"] as? [[String: Any]])
        #expect(silent.first { $0["name"] as? String == "loudness" }?["result"] as? String == "skipped")
        #expect(suites[0]["skipped"] as? Int == 4)
        #expect(suites[2]["failures"] as? Int == 0)
    }
}
