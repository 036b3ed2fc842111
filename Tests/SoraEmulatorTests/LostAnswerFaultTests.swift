import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SoraEmulator
import TestSupport
import Testing

/// Faults that strike after the emulator acted, ids that never repeat, and the usage it reports.
@Suite(.timeLimit(.minutes(2)))
struct LostAnswerFaultTests {
    static let create = #"{"prompt":"A cat playing piano.","width":480,"height":480,"n_seconds":2,"n_variants":2,"model":"sora"}"#

    @Test func aLostCreateAnswerStillMakesTheJob() async throws {
        let configuration = EmulatorConfiguration(port: 0, faults: [.lostCreate: 1], maxRunningPerDeployment: 10, createsPerMinute: 0)
        try await EmulatorTest.run(configuration) { client, _ in
            for _ in 0..<6 {
                try await client.execute(uri: AzureJobsTests.jobs, method: .post, headers: EmulatorTest.auth, body: EmulatorTest.body(Self.create)) {
                    response in
                    // Either a 5xx in place of the answer, or the answer's head and a cut body.
                    #expect(response.status.code >= 500 || response.body.readableBytes < 100, "\(response.status)")
                }
            }
            let list = try await client.execute(uri: AzureJobsTests.jobs + "&limit=50", method: .get, headers: EmulatorTest.auth) { try EmulatorTest.json($0) }
            #expect((list["data"] as? [Any])?.count == 6, "every create made its job")
            let stats = try await client.execute(uri: "/emulator/stats", method: .get, headers: EmulatorTest.auth) { try EmulatorTest.json($0) }
            #expect(stats["jobs_created"] as? Int == 6)
            #expect(stats["billed_seconds"] as? Int == 6 * 2 * 2, "seconds x variants")
            #expect((stats["peak_running"] as? [String: Int])?["sora"] ?? 0 >= 1)
        }
    }

    @Test func idsNeverRepeatAcrossEmulatorsWithTheSameSeed() async throws {
        var ids: [String] = []
        for _ in 0..<2 {
            ids += try await EmulatorTest.run(EmulatorConfiguration(port: 0, seed: 1, createsPerMinute: 0)) { client, _ in
                var made: [String] = []
                for _ in 0..<2 {
                    let job = try await client.execute(
                        uri: AzureJobsTests.jobs, method: .post, headers: EmulatorTest.auth, body: EmulatorTest.body(Self.create)
                    ) {
                        try EmulatorTest.json($0)
                    }
                    made.append(try #require(job["id"] as? String))
                }
                return made
            }
        }
        #expect(Set(ids).count == 4, "a restarted emulator never hands out an id again: \(ids)")
        #expect(ids.allSatisfy { $0.hasPrefix("task_") && $0.count == 31 })
    }
}
