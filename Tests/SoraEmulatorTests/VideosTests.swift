import Foundation
import HTTPTypes
import HummingbirdTesting
import MediaKit
import NIOCore
import SoraEmulator
import TestSupport
import Testing

/// The Sora 2 `/videos` API under both prefixes.
@Suite(.timeLimit(.minutes(2)))
struct VideosTests {
    @Test(arguments: ["/v1", "/openai/v1"])
    func aVideoCompletesWithSoundAndThreeVariants(_ prefix: String) async throws {
        try await EmulatorTest.run { client, clock in
            let created = try await client.execute(
                uri: "\(prefix)/videos", method: .post, headers: EmulatorTest.auth,
                body: EmulatorTest.body(#"{"prompt":"Rain on neon.","model":"sora-2","seconds":"4","size":"720x1280"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[HTTPField.Name("openai-poll-after-ms")!] != nil)
                return try EmulatorTest.json(response)
            }
            #expect(created["status"] as? String == "queued")
            #expect(created["seconds"] as? String == "4")
            let id = try #require(created["id"] as? String)
            var progress: [Int] = []
            let waitUntil = ContinuousClock.now.advanced(by: .seconds(90))
            while ContinuousClock.now < waitUntil {
                let video = try await client.execute(uri: "\(prefix)/videos/\(id)", method: .get, headers: EmulatorTest.auth) { try EmulatorTest.json($0) }
                if video["status"] as? String == "in_progress", let value = video["progress"] as? Int { progress.append(value) }
                if video["status"] as? String == "completed" {
                    #expect(video["progress"] as? Int == 100)
                    #expect(video["completed_at"] as? Int != nil)
                    break
                }
                clock.advance(by: 3)
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(progress.count >= 2 && progress == progress.sorted(), "progress rises: \(progress)")

            let folder = try Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("v.mp4").path
            try await client.execute(uri: "\(prefix)/videos/\(id)/content", method: .get, headers: EmulatorTest.auth) { response in
                #expect(response.headers[.contentType] == "video/mp4")
                try Data(response.body.readableBytesView).write(to: URL(fileURLWithPath: path))
            }
            let info = try await MediaProbe().probe(path)
            #expect(info.video?.width == 720 && info.video?.height == 1280)
            #expect(info.audio?.codecName == "aac", "Sora 2 clips have sound")
            try await client.execute(uri: "\(prefix)/videos/\(id)/content?variant=thumbnail", method: .get, headers: EmulatorTest.auth) { response in
                #expect(response.headers[.contentType] == "image/webp")
                #expect(response.body.getString(at: 8, length: 4) == "WEBP")
            }
            try await client.execute(uri: "\(prefix)/videos/\(id)/content?variant=spritesheet", method: .get, headers: EmulatorTest.auth) { response in
                #expect(response.headers[.contentType] == "image/jpeg")
                #expect(response.body.getBytes(at: 0, length: 2) == [0xFF, 0xD8])
            }
            let remix = try await client.execute(
                uri: "\(prefix)/videos/\(id)/remix", method: .post, headers: EmulatorTest.auth, body: EmulatorTest.body(#"{"prompt":"Snow instead."}"#)
            ) { try EmulatorTest.json($0) }
            #expect(remix["remixed_from_video_id"] as? String == id)
            #expect(remix["size"] as? String == "720x1280")
            let remixID = try #require(remix["id"] as? String)
            try await client.execute(uri: "\(prefix)/videos/\(remixID)", method: .delete, headers: EmulatorTest.auth) { response in
                #expect(response.status == .badRequest, "a queued video cannot be deleted")
            }
            try await client.execute(
                uri: "\(prefix)/videos/\(remixID)/remix", method: .post, headers: EmulatorTest.auth, body: EmulatorTest.body(#"{"prompt":"x"}"#)
            ) { response in
                #expect(response.status == .badRequest, "only a completed video can be remixed")
            }
            let list = try await client.execute(uri: "\(prefix)/videos?limit=1&order=desc", method: .get, headers: EmulatorTest.auth) {
                try EmulatorTest.json($0)
            }
            #expect((list["data"] as? [[String: Any]])?.first?["id"] as? String == remixID)
            #expect(list["has_more"] as? Bool == true)
            let next = try await client.execute(uri: "\(prefix)/videos?limit=1&after=\(remixID)", method: .get, headers: EmulatorTest.auth) {
                try EmulatorTest.json($0)
            }
            #expect((next["data"] as? [[String: Any]])?.first?["id"] as? String == id)
            try await client.execute(uri: "\(prefix)/videos/\(id)", method: .delete, headers: EmulatorTest.auth) { response in
                let deleted = try EmulatorTest.json(response)["deleted"] as? Bool
                #expect(deleted == true)
            }
        }
    }

    struct BadCreate: Sendable, CustomTestStringConvertible {
        var body: String
        var message: String
        var testDescription: String { self.message }
    }

    @Test(arguments: [
        BadCreate(body: #"{"prompt":"p","seconds":8}"#, message: "Invalid type for 'seconds': expected one of '4', '8', or '12', but got an integer instead."),
        BadCreate(body: #"{"prompt":"p","seconds":"5"}"#, message: "Invalid value for 'seconds'"),
        BadCreate(body: #"{"prompt":"p","model":"sora-2","size":"1792x1024"}"#, message: "Invalid value for 'size': sora-2 supports"),
        BadCreate(
            body: #"{"prompt":"p","input_reference":"https://example.com/a.png"}"#,
            message: "Invalid type for 'input_reference': expected a file, but got a string instead."),
        BadCreate(body: #"{"model":"sora-2"}"#, message: "Missing required parameter: 'prompt'."),
    ])
    func createRefusesWhatTheServiceRefuses(_ bad: BadCreate) async throws {
        try await EmulatorTest.run { client, _ in
            try await client.execute(uri: "/v1/videos", method: .post, headers: EmulatorTest.auth, body: EmulatorTest.body(bad.body)) { response in
                #expect(response.status == .badRequest)
                let message = try EmulatorTest.error(response)["message"] as? String ?? ""
                #expect(message.hasPrefix(bad.message), "\(message)")
            }
        }
    }

    @Test(arguments: [(720, 1280, HTTPResponse.Status.ok), (480, 480, .badRequest)])
    func anInputReferenceMustMatchTheSize(_ width: Int, _ height: Int, _ status: HTTPResponse.Status) async throws {
        try await EmulatorTest.run { client, _ in
            let png = try Data(contentsOf: URL(fileURLWithPath: try await AzureJobsTests.png(width: width, height: height)))
            let boundary = "xyz"
            var body = ByteBuffer(
                string: ["prompt": "p", "size": "720x1280", "seconds": "4"].map {
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.key)\"\r\n\r\n\($0.value)\r\n"
                }.joined())
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"input_reference\"; filename=\"ref.png\"\r\nContent-Type: image/png\r\n\r\n")
            body.writeBytes(png)
            body.writeString("\r\n--\(boundary)--\r\n")
            let headers: HTTPFields = [.authorization: "Bearer k", .contentType: "multipart/form-data; boundary=\(boundary)"]
            try await client.execute(uri: "/v1/videos", method: .post, headers: headers, body: body) { response in
                #expect(response.status == status)
            }
        }
    }

    @Test(arguments: [
        (EmulatorFault.tooManyRequests, HTTPResponse.Status.tooManyRequests), (.internalServerError, .internalServerError),
        (.serviceUnavailable, .serviceUnavailable),
    ])
    func statusFaultsReplaceTheAnswer(_ fault: EmulatorFault, _ status: HTTPResponse.Status) async throws {
        try await EmulatorTest.run(EmulatorConfiguration(port: 0, faults: [fault: 1], createsPerMinute: 0)) { client, _ in
            try await client.execute(uri: "/v1/videos?limit=1", method: .get, headers: EmulatorTest.auth) { response in
                #expect(response.status == status)
                if status == .tooManyRequests { #expect(response.headers[.retryAfter] == "1") }
            }
        }
    }

    @Test(arguments: [(EmulatorFault.moderation, "moderation_blocked"), (.internal, "internal_error")])
    func jobFaultsFailTheJob(_ fault: EmulatorFault, _ code: String) async throws {
        try await EmulatorTest.run(EmulatorConfiguration(port: 0, faults: [fault: 1], createsPerMinute: 0)) { client, clock in
            let id = try await client.execute(
                uri: "/v1/videos", method: .post, headers: EmulatorTest.auth, body: EmulatorTest.body(#"{"prompt":"p"}"#)
            ) { try EmulatorTest.json($0)["id"] as? String ?? "" }
            let video = try await EmulatorTest.poll(client, clock, "/v1/videos/\(id)", until: ["completed", "failed"])
            #expect(video["status"] as? String == "failed")
            #expect((video["error"] as? [String: Any])?["code"] as? String == code)
        }
    }
}
