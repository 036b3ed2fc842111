import Foundation
import PostgresNIO
import ReelPipeline
import ReelQueue
import SoraClient
import SoraEmulator
import TestSupport
import Testing

/// The queue's suites, one at a time: each starts emulators, workers and worker processes of its own.
@Suite(.serialized, .timeLimit(.minutes(5)), .enabled(if: PostgresServer.unavailable == nil, "PostgreSQL is not installed"))
struct QueueTests {}

extension QueueTests {
    /// Workers sharing one PostgreSQL queue and several emulated deployments: every shot gets
    /// exactly one job, caps hold across workers, the reel is built once, and `status` names
    /// the jobs the services hold.
    @Suite(.serialized)
    struct QueueWorkerTests {
        @Test func oneWorkerOneDeploymentFinishesAStoryboard() async throws {
            let harness = try #require(try await QueueHarness.start(emulators: 1))
            let (id, output) = try await harness.submit(3, title: "Single")
            try await harness.worker("w1").run()
            let status = try await QueueStatus.read(harness.database)
            let jobs = try await harness.jobs()
            let created = await harness.jobsCreated()
            let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: output + "/manifest.json")))
            let files = ["reel.mp4", "report.html"].filter { FileManager.default.fileExists(atPath: output + "/" + $0) }
            await harness.stop()

            let board = try #require(status.storyboards.first { $0.id == id })
            #expect(board.state == "done")
            #expect(board.passed == true)
            #expect(created == 3, "one job per shot")
            #expect(Set(status.shots.flatMap(\.jobs)) == Set(jobs.flatMap { $0.map(\.id) }), "status names the service's jobs")
            #expect(manifest.passed)
            #expect(manifest.shots.map(\.name) == ["s1", "s2", "s3"])
            #expect(manifest.spend.jobs == 3)
            #expect(files == ["reel.mp4", "report.html"])
        }

        @Test func workersShareDeploymentsWithinTheirCaps() async throws {
            let harness = try #require(try await QueueHarness.start(emulators: 2, cap: 2, timeScale: 0.02))
            let first = try await harness.submit(6, title: "First")
            let second = try await harness.submit(4, title: "Second")
            let workers = [harness.worker("w1"), harness.worker("w2"), harness.worker("w3")]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in workers { group.addTask { try await worker.run() } }
                try await group.waitForAll()
            }
            let status = try await QueueStatus.read(harness.database)
            let jobs = try await harness.jobs()
            var peaks: [Int] = []
            for emulator in harness.emulators { peaks.append(await emulator.usage().peakRunning["sora"] ?? 0) }
            let created = await harness.jobsCreated()
            let finishes = try await Self.count(harness, "SELECT count(*) FROM events WHERE step = 'storyboard' AND phase = 'after'")
            let reels = [first.output, second.output].filter { FileManager.default.fileExists(atPath: $0 + "/reel.mp4") }
            await harness.stop()

            #expect(created == 10, "one job per shot across both storyboards and three workers")
            #expect(status.storyboards.allSatisfy { $0.state == "done" && $0.passed == true }, "\(status.storyboards)")
            #expect(status.shots.allSatisfy { $0.state == "done" && $0.jobs.count == 1 })
            #expect(Set(status.shots.flatMap(\.jobs)) == Set(jobs.flatMap { $0.map(\.id) }))
            #expect(jobs.allSatisfy { !$0.isEmpty }, "both deployments took work")
            #expect(peaks.allSatisfy { $0 <= 2 }, "no deployment ran more than its cap: \(peaks)")
            #expect(finishes == 2, "each storyboard's end was built once")
            #expect(reels.count == 2)
        }

        @Test func continuingShotsWaitForTheirSourceOnAnyWorker() async throws {
            let harness = try #require(try await QueueHarness.start(emulators: 2, cap: 2, timeScale: 0.02))
            let (id, output) = try await harness.submit(3, title: "Chain", continuing: true)
            let workers = [harness.worker("w1"), harness.worker("w2")]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in workers { group.addTask { try await worker.run() } }
                try await group.waitForAll()
            }
            let status = try await QueueStatus.read(harness.database)
            let created = await harness.jobsCreated()
            let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: output + "/manifest.json")))
            #expect(manifest.shots.allSatisfy { $0.status == .done }, "\(manifest.shots.map { "\($0.name): \($0.error ?? "ok")" })")
            let clips = manifest.shots.map { shot in output + "/" + (shot.variants.first { $0.index == shot.chosenVariant }?.file ?? "missing") }
            for (previous, next) in zip(clips, clips.dropFirst()) {
                let last = output + "/seam-last.png", first = output + "/seam-first.png"
                try await FFmpegCLI.frame(of: previous, last: true, to: last)
                try await FFmpegCLI.frame(of: next, last: false, to: first)
                let psnr = try #require(try await FFmpegCLI.psnr(last, first))
                #expect(psnr >= 25, "\(next) starts where \(previous) ended")
            }
            await harness.stop()

            #expect(status.storyboards.first { $0.id == id }?.passed == true)
            #expect(created == 3, "one job per shot")
            #expect(manifest.shots.compactMap(\.continues?.shot) == ["s1", "s2"])
        }

        @Test func theBudgetHoldsAcrossWorkers() async throws {
            let harness = try #require(try await QueueHarness.start(emulators: 2))
            // Five one-second shots; the budget allows three.
            _ = try await harness.submit(5, title: "Budget", budget: Budget(maxSeconds: 3))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in [harness.worker("w1"), harness.worker("w2")] { group.addTask { try await worker.run() } }
                try await group.waitForAll()
            }
            let status = try await QueueStatus.read(harness.database)
            let created = await harness.jobsCreated()
            await harness.stop()
            #expect(created == 3)
            #expect(status.shots.filter { $0.state == "done" }.count == 3)
            #expect(status.shots.filter { $0.state == "over_budget" }.count == 2)
        }

        @Test func aFailingDeploymentIsBenchedAndOthersCarryOn() async throws {
            // The first deployment refuses this key (401); the second takes everything.
            let harness = try #require(try await QueueHarness.start(emulators: 2, keys: [["another-key"], nil]))
            _ = try await harness.submit(4, title: "Benched")
            try await harness.worker("w1").run()
            let status = try await QueueStatus.read(harness.database)
            let created = await harness.jobsCreated()
            await harness.stop()
            #expect(created == 4)
            #expect(status.shots.allSatisfy { $0.state == "done" && $0.deployment == "d1" }, "\(status.shots)")
            let benched = try #require(status.deployments.first { $0.name == "d0" })
            #expect(benched.benchedFor != nil)
            #expect(benched.lastError?.contains("401") == true)
        }

        static func count(_ harness: QueueHarness, _ sql: String) async throws -> Int {
            for try await value in try await harness.database.client.query(.init(unsafeSQL: sql)).decode(Int.self) { return value }
            return 0
        }
    }
}
