import Foundation
import TestSupport
import Testing

/// Inputs the fuzzers found, kept so each fix stays fixed: `sorareel probe`, `validate` and
/// `thumbnail` handle every one without a crash, within bounded memory. Each runs in a process
/// of its own under `/usr/bin/time`, so the peak measured is that command's alone, whatever
/// the tests beside it use.
@Suite(.serialized)
struct FuzzRegressionTests {
    static var inputs: [String] {
        let folder = Fixtures.root.appendingPathComponent("Fixtures/fuzz").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasSuffix(".md") }.sorted()
    }

    @Test(arguments: Self.inputs)
    func handledWithinBoundedMemory(_ name: String) async throws {
        let path = Fixtures.root.appendingPathComponent("Fixtures/fuzz/\(name)").path
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in [["probe", path], ["validate", path], ["thumbnail", path, "--count", "2", "--width", "64", "--output", folder.path]] {
            let result = try await ProcessRunner.run(
                URL(fileURLWithPath: "/usr/bin/time"), ["-f", "peak-kib %M", SorareelBinary.url.path] + command
            )
            let line = result.stderr.split(separator: "\n").last { $0.hasPrefix("peak-kib ") }
            let peak = try #require(line.flatMap { Int($0.dropFirst("peak-kib ".count)) }, "\(result.stderr)")
            #expect(result.status <= 2, "\(command[0]) ended with \(result.status): \(result.stderr)")
            // A gigabyte table would push the peak far past this.
            #expect(peak < 300 << 10, "\(command[0]) peaked at \(peak >> 10) MiB")
        }
    }
}
