import Foundation
import MediaKit
import TestSupport
import Testing

/// Inputs the fuzzers found, kept so each fix stays fixed: every one is handled without a
/// crash, within bounded memory.
@Suite(.serialized)
struct FuzzRegressionTests {
    static var inputs: [String] {
        let folder = Fixtures.root.appendingPathComponent("Fixtures/fuzz").path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasSuffix(".md") }.sorted()
    }

    static func peakMemory() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }

    @Test(arguments: Self.inputs)
    func handledWithinBoundedMemory(_ name: String) async throws {
        let path = Fixtures.root.appendingPathComponent("Fixtures/fuzz/\(name)").path
        let before = Self.peakMemory()
        _ = try? await MediaProbe().probe(path)
        _ = try await Validator().validate(path)
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try? await Thumbnailer(mode: .count(2), width: 64).thumbnails(of: path, into: folder.path)
        // The peak can only grow; a gigabyte table would push it far past this.
        #expect(Self.peakMemory() - before < 300 << 20, "peak memory grew by \((Self.peakMemory() - before) >> 20) MiB")
    }
}
