import Foundation
import MediaKit
import ReelPipeline
import SoraAPI
import SoraClient
import SoraEmulator
import TestSupport
import Testing

/// Plans, budgets and QA retries against the real emulator: what a plan says equals what the
/// run then creates and the service bills; a budget stops at the budget and names the shots
/// left; a shot that fails QA is made again, within the budget, with the reason kept.
@Suite(.timeLimit(.minutes(3)))
struct SpendTests {
    static let sora2Board = """
        title: Priced
        defaults: {api: openai, model: sora-2, size: 1280x720, seconds: 4}
        shots:
          - {name: a, prompt: A kite over a beach.}
          - {name: b, prompt: A lighthouse at dusk., seconds: 8}
          - {name: c, prompt: Gulls on a pier.}
        """

    @Test func thePlanEqualsWhatTheRunCreatesAndTheServiceBills() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        let board = try PipelineHarness.storyboard(Self.sora2Board, in: folder)
        let runner = StoryboardRunner(storyboard: board, options: RunOptions(output: folder.appendingPathComponent("out").path), clients: harness)
        let plan = try await runner.plan()
        let manifest = try await runner.run()
        let usage = try #require(await harness.emulator?.usage())
        await harness.stop()

        #expect(plan.shots.map(\.action) == ["create", "create", "create"])
        #expect(plan.total.jobs == 3 && plan.total.billedSeconds == 16)
        #expect(abs(plan.total.usd - 1.60) < 1e-9, "sora-2 at $0.10 a second: \(plan.total)")
        #expect(plan.shots.allSatisfy { $0.priceSource?.contains("OpenAI sora-2 model page") == true })
        #expect(manifest.passed)
        #expect(usage.jobsCreated == plan.total.jobs, "the service made what the plan said")
        #expect(usage.billedSeconds == plan.total.billedSeconds)
        #expect(manifest.spend == plan.total, "the manifest bills what the plan estimated")
    }

    @Test func variantsBillTheirSecondsAndAnUnknownPriceIsNeverInvented() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        let text =
            "title: Sora 1\ndefaults: {size: 480x480, seconds: 2, variants: 2}\nshots:\n  - {name: a, prompt: One.}\n  - {name: b, prompt: Two., variants: 1}\n"
        let board = try PipelineHarness.storyboard(text, in: folder)
        let runner = StoryboardRunner(storyboard: board, options: RunOptions(output: folder.appendingPathComponent("out").path), clients: harness)
        let plan = try await runner.plan()
        _ = try await runner.run()
        let usage = try #require(await harness.emulator?.usage())
        await harness.stop()

        #expect(plan.total.billedSeconds == 6, "2 s x 2 variants + 2 s x 1")
        #expect(plan.total.unpricedJobs == 2 && plan.total.usd == 0)
        #expect(plan.shots.allSatisfy { $0.priceSource == nil })
        #expect(plan.total.summary == "2 jobs, 6 s of video, price unknown")
        #expect(usage.billedSeconds == 6 && usage.jobsCreated == 2)
    }

    @Test func aBudgetStopsAtTheBudgetNamesTheShotsLeftAndALaterPlanCountsOnlyThem() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        let board = try PipelineHarness.storyboard(Self.sora2Board + "\nbudget: {max_usd: 1.25}\n", in: folder)
        let output = folder.appendingPathComponent("out").path
        let runner = StoryboardRunner(storyboard: board, options: RunOptions(output: output, maxRunning: 1), clients: harness)
        let plan = try await runner.plan()
        let manifest = try await runner.run()
        let jobs = try await harness.jobs(.openai)
        let usage = try #require(await harness.emulator?.usage())
        let later = try await StoryboardRunner(
            storyboard: board, options: RunOptions(output: output, budget: Budget(maxUSD: 10)), clients: harness
        ).plan()
        await harness.stop()

        #expect(plan.shotsOverBudget.count == 1, "a ($0.40) and b ($0.80) fit $1.25, c does not: \(plan.shots)")
        let left = manifest.shots.filter { $0.status == .overBudget }
        #expect(left.count == 1, "\(manifest.shots.map(\.status))")
        #expect(left.first?.error?.contains("above the budget of $1.25") == true, "\(left.first?.error ?? "")")
        #expect(manifest.spend.usd <= 1.25 + 1e-9 && usage.jobsCreated == 2 && jobs.count == 2)
        #expect(!manifest.passed)
        #expect(later.shots.filter { $0.action == "create" }.map(\.name) == left.map(\.name), "only the shot left is still to create")
        #expect(later.spentSoFar.jobs == 2 && later.total.jobs == 1)
    }

    @Test func aShotWhoseEveryVariantFailsQAIsMadeAgainWithinTheBudget() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Variant 0 of every Sora 1 job is served damaged: every attempt fails QA.
        let harness = try await PipelineHarness.start(
            EmulatorConfiguration(port: 0, timeScale: 0.01, createsPerMinute: 0, corruptVariants: [0])
        )
        let text = """
            title: Retried
            defaults: {size: 480x480, seconds: 2, variants: 1}
            retries: {qa: 3}
            budget: {max_seconds: 6}
            shots:
              - {name: a, prompt: A damaged clip.}
            """
        let board = try PipelineHarness.storyboard(text, in: folder)
        let output = folder.appendingPathComponent("out").path
        let manifest = try await StoryboardRunner(storyboard: board, options: RunOptions(output: output), clients: harness).run()
        let jobs = try await harness.jobs()
        await harness.stop()

        let shot = try #require(manifest.shots.first)
        #expect(jobs.count == 3, "three 2 s jobs fit the 6 s budget; the fourth try does not")
        #expect(shot.attempts.map(\.outcome) == ["redone", "redone", "redone"], "\(shot.attempts)")
        #expect(shot.attempts.allSatisfy { $0.redoneBecause?.contains("no variant passed QA") == true })
        #expect(shot.status == .overBudget, "the next try would pass the budget: \(shot.error ?? "")")
        #expect(shot.spend.billedSeconds == 6)
        let report = try String(contentsOfFile: output + "/report.html", encoding: .utf8)
        #expect(report.contains("Why it was made again") && report.contains("no variant passed QA"))
    }
}
