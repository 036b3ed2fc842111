import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import sorareel

/// Issue 11, item 15: numbers out of range are refused with their range, NaN and infinity are
/// not times, and a file may start with `-`.
struct ArgumentTests {
    /// The message a parse failure prints, or `nil` when the arguments parse.
    static func refusal(_ arguments: [String]) -> String? {
        do {
            _ = try Sorareel.parseAsRoot(arguments)
            return nil
        } catch {
            return Sorareel.message(for: error)
        }
    }

    @Test(arguments: [
        (["thumbnail", "x.mp4", "--at", "-1"], "--at must be 0-86400 seconds, got -1"),
        (["thumbnail", "x.mp4", "--at", "nan"], "--at must be a number of seconds (0-86400), got nan"),
        (["thumbnail", "x.mp4", "--at", "inf"], "--at must be a number of seconds (0-86400), got inf"),
        (["thumbnail", "x.mp4", "--width", "-5"], "--width must be 16-8192, got -5"),
        (["thumbnail", "x.mp4", "--count", "0"], "--count must be 1-1000, got 0"),
        (["sheet", "x.mp4", "--width", "-5"], "--width must be 64-8192, got -5"),
        (["sheet", "x.mp4", "--columns", "21"], "--columns must be 1-20, got 21"),
        (["validate", "x.mp4", "--tolerance", "-1"], "--tolerance must be 0-86400 seconds, got -1"),
        (["validate", "x.mp4", "--black-min", "nan"], "--black-min must be a number of seconds (0-86400), got nan"),
        (["concat", "a.mp4", "-o", "r.mp4", "--crossfade", "-inf"], "--crossfade must be a number of seconds (0-10), got -inf"),
        (["concat", "a.mp4", "-o", "r.mp4", "--trim", "3-2"], "--trim 3-2: the end must be after the start"),
        (
            ["concat", "a.mp4", "-o", "r.mp4", "--trim", "1"],
            "--trim must be START-END in seconds, one end may be left out (0.5-4, 1.5-, -4), or \"\" for the whole clip, got 1"
        ),
        (["concat", "a.mp4", "-o", "r.mp4", "--trim", "nan-2"], "--trim must be START-END in seconds"),
        (["concat", "a.mp4", "b.mp4", "-o", "r.mp4", "--trim", "1-2"], "give one --trim per clip (2), \"\" for a clip used whole, or none"),
        (["synth", "x.mp4", "--seconds", "0"], "--seconds must be more than 0 and at most 3600 seconds, got 0"),
        (["emulator", "--port", "80000"], "--port must be 0-65535, got 80000"),
    ])
    func outOfRangeNumbersAreRefusedWithTheirRange(_ arguments: [String], _ expected: String) throws {
        let message = try #require(Self.refusal(arguments))
        #expect(message.contains(expected), "\(message)")
        #expect(!message.contains("Missing value"))
    }

    @Test func numbersInRangeParse() throws {
        #expect(Self.refusal(["thumbnail", "x.mp4", "--at", "0.5", "--width", "16"]) == nil)
        #expect(Self.refusal(["emulator", "--port", "0"]) == nil)
        #expect(Self.refusal(["validate", "x.mp4", "--tolerance", "0"]) == nil)
        #expect(Self.refusal(["concat", "a.mp4", "b.mp4", "c.mp4", "-o", "r.mp4", "--trim", "0.5-", "--trim", "-4", "--trim", ""]) == nil)
    }

    @Test func aFileStartingWithADashIsNeverHelp() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("-dash.mp4").path
        try FileManager.default.copyItem(atPath: Fixtures.media("h264_aac.mp4"), toPath: path)

        let bare = try await CommandLineTests.run(["probe", "-dash.mp4"])
        #expect(bare.status == 64)
        #expect(!bare.stdout.contains("OVERVIEW"))
        #expect(bare.stderr.contains("-dash.mp4 is not an option; put a file whose name starts with - after --"), "\(bare.stderr)")

        // After `--` it is a file (here by its full path, which starts with /; then by itself).
        let ended = try await CommandLineTests.run(["probe", "--json", "--", path])
        #expect(ended.status == 0, "\(ended.stderr)")
        let relative = try Sorareel.parseAsRoot(["probe", "--", "-dash.mp4"]) as? Sorareel.Probe
        #expect(relative?.files == ["-dash.mp4"])
    }
}
