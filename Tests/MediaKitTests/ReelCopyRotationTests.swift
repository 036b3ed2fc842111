import Foundation
import MediaKit
import TestSupport
import Testing

/// Issue 11, item 2: a stream-copied reel keeps its inputs' display matrix.
struct ReelCopyRotationTests {
    @Test func copyKeepsTheRotation() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("reel.mp4").path
        let clip = ReelInput(path: Fixtures.media("rotated90.mp4"))
        let result = try await ReelBuilder(options: ReelOptions(mode: .copy)).build([clip, clip], to: path)
        #expect(result.mode == .copy)
        #expect(try await MediaProbe().probe(path).video?.rotation == -90)
        // ffprobe reads the same side data.
        let stream = try #require((try await FFmpegCLI.probe(path, ["-select_streams", "v:0", "-show_streams"])["streams"] as? [[String: Any]])?.first)
        let sideData = stream["side_data_list"] as? [[String: Any]] ?? []
        #expect(sideData.contains { $0["rotation"] as? Int == -90 }, "\(sideData)")
    }
}
