import Foundation
import MediaKit
import SoraAPI
import SoraClient
import SoraEmulator
import TestSupport
import Testing

/// Ids like a LiteLLM proxy's (`video_` + base64 with `+`, `/` and `=`) round-trip through
/// every call of the client: create, status, list, download, delete.
@Suite(.timeLimit(.minutes(3)))
struct GatewayIDTests {
    @Test(arguments: VideoAPI.allCases)
    func gatewayIDsRoundTripThroughEveryCall(_ api: VideoAPI) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = ClientAgainstEmulatorTests.fast()
        configuration.idStyle = .gateway
        let request = SafeCreateTests.request(api)
        try await ClientAgainstEmulatorTests.withEmulator(configuration, api: api) { client in
            let result = try await client.generate(request, into: folder.path, timeout: Sanitizer.scaled(.seconds(240)))
            #expect(result.job.id.contains("+") && result.job.id.contains("/") && result.job.id.hasSuffix("=="), "\(result.job.id)")
            let again = try await client.generator.job(result.job.id)
            #expect(again.id == result.job.id && again.state == .succeeded)
            #expect(try await client.generator.jobs(limit: 10).map(\.id) == [result.job.id])
            for file in result.files {
                #expect(URL(fileURLWithPath: file.path).deletingLastPathComponent().standardizedFileURL.path == folder.standardizedFileURL.path)
                let report = try await Validator(options: ValidationOptions(deep: false)).validate(file.path)
                #expect(report.passed, "\(report.verdicts.filter(\.isFailure))")
            }
            let thumbnail = folder.appendingPathComponent("still").path
            _ = try await client.generator.download(output: try #require(result.job.outputs.first), kind: .thumbnail, to: thumbnail)
            #expect(FileManager.default.fileExists(atPath: thumbnail))
            try await client.generator.delete(result.job.id)
            #expect(try await client.generator.jobs(limit: 10).isEmpty)
        }
    }
}
