import Foundation
import ReelPipeline
import ReelQueue
import SoraClient
import TestSupport
import Testing

extension QueueTests {
    /// `sorareel worker` processes: one killed with SIGKILL mid-run has its shots taken over
    /// when its lease runs out, with no second job for any shot; one stopped with SIGTERM hands
    /// back what it holds at once.
    @Suite(.serialized)
    struct WorkerProcessTests {
        func process(_ harness: QueueHarness, _ arguments: [String]) -> Process {
            let process = Process()
            process.executableURL = SorareelBinary.url
            process.arguments = arguments
            process.environment = harness.environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }

        /// Waits, up to 10 s, until `count` shots have a job under way.
        func untilJobsUnderWay(_ harness: QueueHarness, _ count: Int) async throws {
            for _ in 0..<400 {
                if try await QueueTests.QueueWorkerTests.count(harness, "SELECT count(*) FROM attempts WHERE job_id IS NOT NULL") >= count { return }
                try await Task.sleep(for: .milliseconds(25))
            }
        }

        @Test func aKilledWorkersShotsAreTakenOverWithoutASecondJob() async throws {
            let harness = try #require(try await QueueHarness.start(emulators: 2, timeScale: 0.05))
            let file = try harness.deploymentsFile()
            _ = try await harness.submit(6, title: "Killed")
            let doomed = self.process(harness, ["worker", "--deployments", file, "--lease", "2", "--poll", "0.1", "--max-poll", "0.2", "--quiet"])
            async let exited: Void = ProcessRunner.runToExit(doomed)
            // Until it holds shots with jobs under way.
            try await self.untilJobsUnderWay(harness, 2)
            kill(doomed.processIdentifier, SIGKILL)
            try await exited
            // Shots whose job the dead worker made and did not finish: the next worker must adopt them.
            let orphaned = try await QueueTests.QueueWorkerTests.count(
                harness, "SELECT count(*) FROM shots s WHERE s.entry IS NULL AND EXISTS (SELECT 1 FROM attempts a WHERE a.shot = s.id AND a.job_id IS NOT NULL)"
            )
            let survivor = self.process(
                harness, ["worker", "--deployments", file, "--lease", "2", "--poll", "0.1", "--max-poll", "0.2", "--until-idle", "--quiet"])
            try await ProcessRunner.runToExit(survivor)
            let printed = try await ProcessRunner.run(SorareelBinary.url, ["status", "--json"], environment: harness.environment)
            let status = try JSONDecoder().decode(QueueStatus.self, from: Data(printed.stdout.utf8))
            let jobs = try await harness.jobs()
            let created = await harness.jobsCreated()
            await harness.stop()

            #expect(orphaned >= 1, "the worker died holding jobs under way")
            #expect(survivor.terminationStatus == 0)
            #expect(created == 6, "exactly one job per shot though a worker died holding some")
            #expect(status.storyboards.first?.state == "done")
            #expect(status.storyboards.first?.passed == true)
            #expect(Set(status.shots.flatMap(\.jobs)) == Set(jobs.flatMap { $0.map(\.id) }))
        }

        @Test func aStoppedWorkerHandsBackWhatItHolds() async throws {
            let harness = try #require(try await QueueHarness.start(emulators: 1, timeScale: 0.2))
            let file = try harness.deploymentsFile()
            _ = try await harness.submit(3, title: "Stopped")
            let stopped = self.process(harness, ["worker", "--deployments", file, "--lease", "30", "--poll", "0.1", "--max-poll", "0.2", "--quiet"])
            async let exited: Void = ProcessRunner.runToExit(stopped)
            try await self.untilJobsUnderWay(harness, 1)
            kill(stopped.processIdentifier, SIGTERM)
            try await exited
            let held = try await QueueTests.QueueWorkerTests.count(harness, "SELECT count(*) FROM shots WHERE lease_owner IS NOT NULL")
            // Handed back, the shots go to the next worker at once, though the lease was 30 s.
            try await harness.worker("w2", lease: 30).run()
            let status = try await QueueStatus.read(harness.database)
            let created = await harness.jobsCreated()
            await harness.stop()

            #expect(stopped.terminationStatus == 0)
            #expect(held == 0)
            #expect(created == 3)
            #expect(status.storyboards.first?.state == "done")
        }
    }
}
