import Foundation
import HTTPTypes
import HummingbirdTesting
import MediaKit
import NIOCore
import SoraAPI
import SoraEmulator
import TestSupport
import Testing

/// Azure's Sora 1 video generation jobs, route by route.
@Suite(.timeLimit(.minutes(2)))
struct AzureJobsTests {
    static let jobs = "/openai/v1/video/generations/jobs?api-version=preview"

    @Test func aJobStepsThroughItsStatusesAndServesRealClips() async throws {
        try await EmulatorTest.run { client, clock in
            let created = try await client.execute(
                uri: Self.jobs, method: .post, headers: EmulatorTest.auth,
                body: EmulatorTest.body(#"{"prompt":"A cat playing piano.","width":480,"height":480,"n_seconds":2,"n_variants":2,"model":"sora","extra":1}"#)
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[HTTPField.Name("apim-request-id")!] != nil)
                return try EmulatorTest.json(response)
            }
            #expect(created["status"] as? String == "queued")
            #expect((created["generations"] as? [Any])?.isEmpty == true)
            let id = try #require(created["id"] as? String)
            #expect(id.hasPrefix("task_"))
            var seen: [String] = []
            let waitUntil = ContinuousClock.now.advanced(by: .seconds(90))
            while ContinuousClock.now < waitUntil {
                let job = try await client.execute(uri: "/openai/v1/video/generations/jobs/\(id)", method: .get, headers: EmulatorTest.auth) {
                    try EmulatorTest.json($0)
                }
                let status = try #require(job["status"] as? String)
                if seen.last != status { seen.append(status) }
                if status == "succeeded" { break }
                clock.advance(by: 2)
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(seen == ["queued", "preprocessing", "running", "processing", "succeeded"])
            let job = try await client.execute(uri: "/openai/v1/video/generations/jobs/\(id)", method: .get, headers: EmulatorTest.auth) {
                try EmulatorTest.json($0)
            }
            let generations = try #require(job["generations"] as? [[String: Any]])
            #expect(generations.count == 2)
            let created_at = try #require(job["created_at"] as? Int)
            #expect(job["expires_at"] as? Int == created_at + 86_400)
            let generation = try #require(generations.first?["id"] as? String)

            let folder = try Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("clip.mp4").path
            try await client.execute(uri: "/openai/v1/video/generations/\(generation)/content/video?quality=high", method: .get, headers: EmulatorTest.auth) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.acceptRanges] == "bytes")
                #expect(response.headers[.lastModified] != nil)
                #expect(response.headers[.contentLength] == String(response.body.readableBytes))
                try Data(response.body.readableBytesView).write(to: URL(fileURLWithPath: path))
            }
            let report = try await Validator(options: ValidationOptions(expectedSize: VideoSize(width: 480, height: 480), expectedSeconds: 2)).validate(path)
            #expect(report.passed, "\(report.verdicts.filter { !$0.passed })")
            #expect(report.info?.audio == nil, "Sora 1 clips are silent")

            try await client.execute(uri: "/openai/v1/video/generations/\(generation)/content/video", method: .head, headers: EmulatorTest.auth) { response in
                #expect(response.status == .ok)
                #expect(Int(response.headers[.contentLength] ?? "") ?? 0 > 1000)
                #expect(response.body.readableBytes == 0)
            }
            var range = EmulatorTest.auth
            range[.range] = "bytes=100-199"
            try await client.execute(uri: "/openai/v1/video/generations/\(generation)/content/video", method: .get, headers: range) { response in
                #expect(response.status == .partialContent)
                #expect(response.body.readableBytes == 100)
                #expect(response.headers[.contentRange]?.hasPrefix("bytes 100-199/") == true)
            }
            range[.range] = "bytes=999999999-"
            try await client.execute(uri: "/openai/v1/video/generations/\(generation)/content/video", method: .get, headers: range) { response in
                #expect(response.status == .rangeNotSatisfiable)
            }
            try await client.execute(uri: "/openai/v1/video/generations/\(generation)/content/thumbnail", method: .get, headers: EmulatorTest.auth) {
                response in
                #expect(response.status == .ok)
                #expect(response.body.getBytes(at: 0, length: 2) == [0xFF, 0xD8], "a JPEG")
            }
            try await client.execute(uri: "/openai/v1/video/generations/\(generation)/content/video?quality=ultra", method: .get, headers: EmulatorTest.auth) {
                response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/openai/v1/video/generations/\(generation)", method: .get, headers: EmulatorTest.auth) { response in
                let answer = try EmulatorTest.json(response)["job_id"] as? String == id
                #expect(answer)
            }
            // Past the retention the job and its content are gone.
            clock.advance(by: 90_000)
            try await client.execute(uri: "/openai/v1/video/generations/jobs/\(id)", method: .get, headers: EmulatorTest.auth) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    struct BadCreate: Sendable, CustomTestStringConvertible {
        var body: String
        var status: HTTPResponse.Status
        var message: String
        var testDescription: String { self.message }
    }

    @Test(arguments: [
        BadCreate(body: #"{"prompt":"p","width":640,"height":480,"model":"sora"}"#, status: .badRequest, message: "unsupported size 640x480"),
        BadCreate(
            body: #"{"prompt":"p","width":480,"height":480,"n_seconds":25,"model":"sora"}"#, status: .badRequest, message: "n_seconds 25 is outside 1-20"),
        BadCreate(
            body: #"{"prompt":"p","width":1920,"height":1080,"n_variants":2,"model":"sora"}"#, status: .badRequest,
            message: "n_variants 2 is not allowed at 1920x1080"),
        BadCreate(body: #"{"width":480,"height":480,"model":"sora"}"#, status: .badRequest, message: "Missing required parameter: 'prompt'."),
        BadCreate(body: #"{"prompt":"p","width":480,"#, status: .badRequest, message: "We could not parse the JSON body"),
        BadCreate(body: #"{"prompt":"p","width":"480","height":480,"model":"sora"}"#, status: .badRequest, message: "Invalid type for 'width'."),
    ])
    func createRefusesWhatTheServiceRefuses(_ bad: BadCreate) async throws {
        try await EmulatorTest.run { client, _ in
            try await client.execute(uri: Self.jobs, method: .post, headers: EmulatorTest.auth, body: EmulatorTest.body(bad.body)) { response in
                #expect(response.status == bad.status)
                let message = try EmulatorTest.error(response)["message"] as? String ?? ""
                #expect(message.hasPrefix(bad.message), "\(message)")
            }
        }
    }

    @Test func multipartInpaintItemsMustMatchTheirFiles() async throws {
        try await EmulatorTest.run { client, _ in
            let png = try Data(contentsOf: URL(fileURLWithPath: try await Self.png(width: 480, height: 480)))
            func form(_ fileName: String, itemName: String) -> (HTTPFields, ByteBuffer) {
                let boundary = "b0undary"
                var text = ""
                for (name, value) in [
                    ("prompt", "p"), ("width", "480"), ("height", "480"), ("n_seconds", "1"), ("model", "sora"),
                    ("inpaint_items", #"[{"frame_index":0,"type":"image","file_name":"\#(itemName)"}]"#),
                ] {
                    text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
                }
                var buffer = ByteBuffer(
                    string: text
                        + "--\(boundary)\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\(fileName)\"\r\nContent-Type: image/png\r\n\r\n")
                buffer.writeBytes(png)
                buffer.writeString("\r\n--\(boundary)--\r\n")
                return ([HTTPField.Name("api-key")!: "k", .contentType: "multipart/form-data; boundary=\(boundary)"], buffer)
            }
            let (headers, good) = form("a.png", itemName: "a.png")
            try await client.execute(uri: Self.jobs, method: .post, headers: headers, body: good) { response in
                #expect(response.status == .created)
                let answer = try (EmulatorTest.json(response)["inpaint_items"] as? [[String: Any]])?.first?["file_name"] as? String == "a.png"
                #expect(answer)
            }
            let (_, mismatched) = form("a.png", itemName: "b.png")
            try await client.execute(uri: Self.jobs, method: .post, headers: headers, body: mismatched) { response in
                #expect(response.status == .badRequest)
                let answer = try (EmulatorTest.error(response)["message"] as? String)?.contains("does not match any uploaded file") == true
                #expect(answer)
            }
        }
    }

    @Test func runningJobsPerDeploymentAreCapped() async throws {
        try await EmulatorTest.run { client, _ in
            let body = EmulatorTest.body(#"{"prompt":"p","width":480,"height":480,"n_seconds":1,"model":"sora"}"#)
            for _ in 0..<2 {
                try await client.execute(uri: Self.jobs, method: .post, headers: EmulatorTest.auth, body: body) { #expect($0.status == .created) }
            }
            try await client.execute(uri: Self.jobs, method: .post, headers: EmulatorTest.auth, body: body) { response in
                #expect(response.status == .tooManyRequests)
                #expect(Int(response.headers[.retryAfter] ?? "") ?? 0 >= 1)
                let answer = try (EmulatorTest.error(response)["message"] as? String)?.contains("Too many running tasks") == true
                #expect(answer)
            }
        }
    }

    @Test func listPagesAndFiltersAndDeleteCancels() async throws {
        try await EmulatorTest.run(EmulatorConfiguration(port: 0, maxRunningPerDeployment: 10, createsPerMinute: 0)) { client, _ in
            var ids: [String] = []
            for index in 0..<3 {
                let body = EmulatorTest.body(#"{"prompt":"p\#(index)","width":480,"height":480,"n_seconds":1,"model":"sora"}"#)
                ids.append(
                    try await client.execute(uri: Self.jobs, method: .post, headers: EmulatorTest.auth, body: body) {
                        try EmulatorTest.json($0)["id"] as? String ?? ""
                    })
            }
            try await client.execute(uri: "/openai/v1/video/generations/jobs", method: .get, headers: EmulatorTest.auth) { response in
                #expect(response.status == .badRequest, "limit is required")
            }
            let page = try await client.execute(uri: "/openai/v1/video/generations/jobs?limit=2", method: .get, headers: EmulatorTest.auth) {
                try EmulatorTest.json($0)
            }
            #expect((page["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[2], ids[1]])
            #expect(page["has_more"] as? Bool == true)
            let next = try await client.execute(uri: "/openai/v1/video/generations/jobs?limit=2&after=\(ids[1])", method: .get, headers: EmulatorTest.auth) {
                try EmulatorTest.json($0)
            }
            #expect((next["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[0]])
            try await client.execute(uri: "/openai/v1/video/generations/jobs/\(ids[0])", method: .delete, headers: EmulatorTest.auth) {
                #expect($0.status == .noContent)
            }
            let cancelled = try await client.execute(
                uri: "/openai/v1/video/generations/jobs?limit=10&statuses=cancelled,failed", method: .get, headers: EmulatorTest.auth
            ) { try EmulatorTest.json($0) }
            #expect((cancelled["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [ids[0]])
        }
    }

    @Test func authenticationVersionAndUnknownIDs() async throws {
        try await EmulatorTest.run(EmulatorConfiguration(port: 0, errorShape: .flat, createsPerMinute: 0)) { client, _ in
            try await client.execute(uri: Self.jobs, method: .post, body: EmulatorTest.body("{}")) { response in
                #expect(response.status == .unauthorized)
                let answer = try EmulatorTest.json(response)["message"] != nil
                #expect(answer, "the flat shape")
            }
            try await client.execute(uri: "/openai/v1/video/generations/jobs?limit=1&api-version=2024-01-01", method: .get, headers: EmulatorTest.auth) {
                response in
                #expect(response.status == .badRequest)
            }
            for id in ["task_unknown", "..%2F..%2Fetc"] {
                try await client.execute(uri: "/openai/v1/video/generations/jobs/\(id)", method: .get, headers: EmulatorTest.auth) { response in
                    #expect(response.status == .notFound)
                }
            }
        }
    }

    @Test func oversizedBodiesAreRefused() async throws {
        try await EmulatorTest.run(EmulatorConfiguration(port: 0, createsPerMinute: 0, maxBodyBytes: 1024)) { client, _ in
            let big = EmulatorTest.body(#"{"prompt":""# + String(repeating: "x", count: 4096) + #"","width":480,"height":480,"model":"sora"}"#)
            try await client.execute(uri: Self.jobs, method: .post, headers: EmulatorTest.auth, body: big) { response in
                #expect(response.status == .contentTooLarge)
            }
        }
    }

    /// A PNG of the given size, made with the ffmpeg CLI.
    static func png(width: Int, height: Int) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ref-\(width)x\(height)-\(UUID().uuidString).png").path
        _ = try await ProcessRunner.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=blue:s=\(width)x\(height)", "-frames:v", "1", path]
        )
        return path
    }
}

/// Switches and limits of the emulator's configuration.
@Suite(.timeLimit(.minutes(1)))
struct EmulatorConfigurationTests {
    @Test func createsPerMinuteAreLimitedAndTheSpecsStatusIsASwitch() async throws {
        let configuration = EmulatorConfiguration(port: 0, createStatus: 200, maxRunningPerDeployment: 10, createsPerMinute: 2)
        try await EmulatorTest.run(configuration) { client, clock in
            let body = EmulatorTest.body(#"{"prompt":"p","width":480,"height":480,"n_seconds":1,"model":"sora"}"#)
            for _ in 0..<2 {
                try await client.execute(uri: AzureJobsTests.jobs, method: .post, headers: EmulatorTest.auth, body: body) { response in
                    #expect(response.status == .ok, "the spec's 200 when asked for")
                }
            }
            try await client.execute(uri: AzureJobsTests.jobs, method: .post, headers: EmulatorTest.auth, body: body) { response in
                #expect(response.status == .tooManyRequests)
                let seconds = Int(response.headers[.retryAfter] ?? "") ?? 0
                #expect(seconds >= 1 && seconds <= 60)
            }
            clock.advance(by: 61)
            try await client.execute(uri: AzureJobsTests.jobs, method: .post, headers: EmulatorTest.auth, body: body) { response in
                #expect(response.status == .ok, "a minute later the quota is back")
            }
        }
    }
}
