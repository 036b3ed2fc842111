import Foundation
import HTTPTypes
import Hummingbird
import MediaKit
import NIOCore
import SoraClient
import TestSupport
import Testing

/// The client against servers that lie, stall, redirect or serve the wrong thing: each ends
/// in a clear error, within bounds, with no file outside the output folder and no key sent
/// anywhere but the configured origin.
@Suite(.timeLimit(.minutes(1)))
struct HostileServerTests {
    /// As they appear in the JSON: empty, a NUL written as an escape, absurdly long.
    @Test(arguments: ["", "task\\u00001", String(repeating: "x", count: 2000)])
    func unusableIDsAreRefused(_ id: String) async throws {
        let server = TestServer()
        try await server.run({ router, _ in
            router.get("openai/v1/video/generations/jobs/{id}") { _, _ in TestBodies.json(TestBodies.job(id: id)) }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let error = try await #require(throws: SoraAPIError.self, "accepted an unusable id") {
                    try await client.generator.job("task_1")
                }
                #expect(error.code == .badResponse)
                #expect(error.message.contains("refusing id"), "\(error)")
            }
        }
    }

    @Test(arguments: ["../../escape", "a/../../b", "..", "/etc/x", "%2e%2e%2fescape", "video_bGl0+ZWxs/bQ=="])
    func anyOutputIDIsSentEncodedAndNamesAFileInsideTheFolder(_ id: String) async throws {
        let server = TestServer()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("out")
        _ = try await server.run({ router, _ in
            router.post("openai/v1/video/generations/jobs") { _, _ in TestBodies.json(TestBodies.job(id: "task_1", generations: [id])) }
            router.get("openai/v1/video/generations/{generation}/content/video") { _, _ in
                Response(status: .ok, headers: [.contentLength: "4"], body: ResponseBody(byteBuffer: ByteBuffer(string: "mp4!")))
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let result = try await client.generate(GenerationRequest(prompt: "p", width: 480, height: 480, seconds: 1), into: output.path)
                let file = try #require(result.files.first)
                #expect(URL(fileURLWithPath: file.path).deletingLastPathComponent().standardizedFileURL.path == output.standardizedFileURL.path, "\(file.path)")
                #expect(file.path.hasSuffix(".mp4"))
            }
        }
        let contentRequests = server.requests.filter { $0.path.hasSuffix("/content/video") }
        #expect(contentRequests.count == 1, "the id reached the server as one path segment: \(server.requests.map(\.path))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out"], "nothing outside the folder")
    }

    @Test func namesMadeFromIDsStayInTheirFolderAndDoNotCollide() {
        let ids = ["../../etc/passwd", "a/b", "..", ".", "video_abc=", "video_abc+", "video_abc/", "\u{202E}gpj.exe", "", "video_01jw"]
        let names = ids.map(OutputName.of)
        #expect(Set(names).count == ids.count, "\(names)")
        for name in names {
            #expect(!name.isEmpty && !name.contains("/") && !name.hasPrefix(".") && name.count <= 60, "\(name)")
        }
        #expect(OutputName.of("video_01jw") == "video_01jw", "a plain id keeps its name")
    }

    @Test func aTerabyteContentLengthIsRefusedBeforeReading() async throws {
        let server = TestServer()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await server.run({ router, _ in
            router.get("openai/v1/video/generations/{id}/content/video") { _, _ in
                Response(
                    status: .ok, headers: [.contentLength: "1000000000000", .contentType: "video/mp4"],
                    body: ResponseBody { writer in try await writer.write(ByteBuffer(repeating: 0, count: 1024)) }
                )
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let path = folder.appendingPathComponent("gen_1.mp4").path
                let error = try await #require(throws: SoraAPIError.self, "accepted a 1 TB body") {
                    try await client.generator.download(output: "gen_1", kind: .video, to: path)
                }
                #expect(error.code == .download)
                #expect(error.message.contains("1000000000000 bytes"))
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no file and no .partial left")
    }

    @Test func aBodyThatNeverEndsStopsAtTheCap() async throws {
        let server = TestServer()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await server.run({ router, _ in
            router.get("openai/v1/video/generations/{id}/content/video") { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "video/mp4"],
                    body: ResponseBody { writer in
                        let chunk = ByteBuffer(repeating: 7, count: 64 * 1024)
                        while !Task.isCancelled { try await writer.write(chunk) }
                    }
                )
            }
        }) { base in
            try await SoraClient.withTestClient(base, maxDownloadBytes: 2 << 20) { client in
                let error = try await #require(throws: SoraAPIError.self, "an endless body finished") {
                    try await client.generator.download(output: "gen_1", kind: .video, to: folder.appendingPathComponent("gen_1.mp4").path)
                }
                #expect(error.message.contains("cap"))
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aRedirectToAnotherOriginIsNotFollowedWithTheKey() async throws {
        let elsewhere = TestServer()
        let server = TestServer()
        try await elsewhere.run({ router, _ in
            router.get("{path}") { _, _ in TestBodies.json(TestBodies.job(id: "task_1")) }
        }) { otherBase in
            // localhost and 127.0.0.1 are different origins.
            let other = otherBase.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            try await server.run({ router, _ in
                router.get("openai/v1/video/generations/jobs/{id}") { _, _ in
                    Response(status: .found, headers: [.location: other + "/steal"])
                }
            }) { base in
                try await SoraClient.withTestClient(base) { client in
                    let error = try await #require(throws: SoraAPIError.self, "followed a cross-origin redirect") {
                        try await client.generator.job("task_1")
                    }
                    #expect(error.code == .redirect)
                }
            }
        }
        #expect(elsewhere.requests.isEmpty, "the other origin saw no request, so no key")
        #expect(server.requests.count == 1)
        #expect(server.requests.allSatisfy { $0.headers["api-key"] == "sk-test-SECRET-123" })
    }

    @Test func htmlWhereJSONIsExpectedIsNamed() async throws {
        let server = TestServer()
        try await server.run({ router, _ in
            router.get("openai/v1/video/generations/jobs/{id}") { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/html"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: "<!DOCTYPE html><title>Sign in</title>")))
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let error = try await #require(throws: SoraAPIError.self, "decoded HTML as a job") {
                    try await client.generator.job("task_1")
                }
                #expect(error.code == .badResponse)
                #expect(error.message.contains("text/html"))
                #expect(error.message.contains("<!DOCTYPE html>"))
            }
        }
    }

    @Test func aPlaylistServedAsTheVideoFailsValidation() async throws {
        let server = TestServer()
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n"
        try await server.run({ router, _ in
            router.get("openai/v1/video/generations/{id}/content/video") { _, _ in
                Response(status: .ok, headers: [.contentType: "video/mp4"], body: ResponseBody(byteBuffer: ByteBuffer(string: playlist)))
            }
        }) { base in
            try await SoraClient.withTestClient(base) { client in
                let path = folder.appendingPathComponent("gen_1.mp4").path
                _ = try await client.generator.download(output: "gen_1", kind: .video, to: path)
                let report = try await Validator().validate(path)
                #expect(!report.passed)
                #expect(report.error?.message == "not an MP4/MOV file (detected: hls)")
            }
        }
    }
}
