import Foundation
import MediaKit
import SoraAPI
import SoraClient
import SoraEmulator
import TestSupport
import Testing

/// Image-to-video through the real client and emulator: the clip starts with the image sent
/// (Sora 1's inpaint item, the Videos API's `input_reference`) and then moves.
@Suite(.timeLimit(.minutes(5)))
struct ImageToVideoTests {
    @Test(arguments: VideoAPI.allCases)
    func aClipStartsWithItsInputImage(_ api: VideoAPI) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let size = api == .azure ? VideoSize(width: 480, height: 480) : VideoSize(width: 1280, height: 720)
        let source = Fixtures.root.appendingPathComponent("Fixtures/images/landscape_400x300.png").path
        let fitted = try ImageFitter(fit: .crop).fit(path: source, to: size)
        let image = folder.appendingPathComponent("start.png").path
        try fitted.data.write(to: URL(fileURLWithPath: image))
        var request = GenerationRequest(prompt: "The picture comes to life.", size: size, seconds: api == .azure ? 2 : 4, variants: 1)
        request.inputImage = InputImage(data: fitted.data, fileName: "start.png", contentType: fitted.contentType)
        let result = try await ClientAgainstEmulatorTests.withEmulator(ClientAgainstEmulatorTests.fast(), api: api) { client in
            try await client.generate(request, into: folder.path, timeout: Sanitizer.scaled(.seconds(240)))
        }
        let clip = try #require(result.files.first).path
        let first = folder.appendingPathComponent("first.png").path
        let last = folder.appendingPathComponent("last.png").path
        try await FFmpegCLI.frame(of: clip, last: false, to: first)
        try await FFmpegCLI.frame(of: clip, last: true, to: last)
        let start = try #require(try await FFmpegCLI.psnr(image, first))
        let end = try #require(try await FFmpegCLI.psnr(image, last))
        #expect(start >= 30, "the first frame is the image: PSNR \(start) dB")
        #expect(end < start - 5, "and the clip moves on from it: PSNR \(end) dB at the end")
        let report = try await Validator(options: ValidationOptions(expectedSize: size, expectedSeconds: Double(request.seconds))).validate(clip)
        #expect(report.passed, "\(report.verdicts.filter { !$0.passed })")
    }
}
