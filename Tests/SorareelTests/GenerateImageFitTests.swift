import Foundation
import SoraEmulator
import TestSupport
import Testing

/// `generate --image` with and without `--image-fit`, against the emulator on loopback, which
/// (like the real services) refuses an input image whose size is not the video's.
@Suite(.timeLimit(.minutes(2)))
struct GenerateImageFitTests {
    static let landscape = Fixtures.root.appendingPathComponent("Fixtures/images/landscape_400x300.png").path

    struct Case: Sendable, CustomTestStringConvertible {
        var api: String
        var size: String
        var fit: String
        var testDescription: String { "\(self.api) \(self.size) --image-fit \(self.fit)" }
    }

    @Test(arguments: [Case(api: "azure", size: "480x480", fit: "pad"), Case(api: "openai", size: "720x1280", fit: "crop")])
    func aFittedImageIsAcceptedByTheService(_ testCase: Case) async throws {
        let (api, size, fit) = (testCase.api, testCase.size, testCase.fit)
        let emulator = try await GenerateCommandTests.emulator()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let seconds = api == "azure" ? "1" : "4"
        let result = try await GenerateCommandTests.run(
            [
                "generate", "A heron takes off.", "--api", api, "--size", size, "--seconds", seconds, "--image", Self.landscape,
                "--image-fit", fit, "--output", folder.path, "--quiet",
            ],
            endpoint: emulator.baseURL
        )
        await emulator.stop()
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.contains { $0.hasSuffix(".mp4") }, "\(names)")
    }

    @Test func aMismatchedImageIsRefusedBeforeAnyJob() async throws {
        let emulator = try await GenerateCommandTests.emulator()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await GenerateCommandTests.run(
            ["generate", "A heron takes off.", "--size", "480x480", "--seconds", "1", "--image", Self.landscape, "--output", folder.path],
            endpoint: emulator.baseURL
        )
        let jobs = try await GenerateCommandTests.run(["jobs", "list"], endpoint: emulator.baseURL)
        await emulator.stop()
        #expect(result.status == 1)
        #expect(
            result.stderr.hasSuffix(
                "\(Self.landscape): the image is 400x300 but the video is 480x480; add --image-fit crop (scale to cover, cut the edges) or --image-fit pad (scale to fit, black bars)\n"
            ),
            "\(result.stderr)"
        )
        #expect(jobs.stdout.isEmpty, "no job was created: \(jobs.stdout)")
    }

    @Test func aNonImageIsRefused() async throws {
        let mp4 = Fixtures.media("h264_aac.mp4")
        let result = try await GenerateCommandTests.run(
            ["generate", "p", "--size", "480x480", "--seconds", "1", "--image", mp4, "--image-fit", "crop"], endpoint: "http://127.0.0.1:9"
        )
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("\(mp4): not a PNG, JPEG or WebP image (detected: MP4/MOV video)\n"), "\(result.stderr)")
    }
}
