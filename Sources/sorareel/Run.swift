import ArgumentParser
import Foundation
import Logging
import ReelPipeline
import SoraAPI

extension Sorareel {
    /// `sorareel run BOARD [--output DIR] [--max-running N] [--api ...] [--fresh] [--plan] [--max-cost N] [--max-seconds N] [--prices FILE]`
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn a storyboard into checked clips, one reel, a manifest and an HTML report."
        )

        @Argument(help: "The storyboard (YAML or JSON).")
        var board: String

        @Option(name: .shortAndLong, help: "Output folder (default: out/<storyboard name>).")
        var output: String?

        @Option(
            name: .long, parsing: .unconditional, help: "Jobs running at once (1-32; default: the API's limit, 2).",
            transform: ArgumentValues.integer("--max-running", 1...32))
        var maxRunning: Int = 2

        @Flag(name: .long, help: "Start over: forget the journal of an earlier run in this folder.")
        var fresh = false

        @Option(
            name: .long, parsing: .unconditional, help: "Seconds one shot may take, from creating its job to a checked clip (1-86400).",
            transform: ArgumentValues.integer("--timeout", 1...86_400))
        var timeout: Int = 1800

        @Flag(name: .long, help: "Print what the run would create and bill, and send nothing.")
        var plan = false

        @Option(name: .long, help: "Create this shot's job again although an earlier create may have made one (repeatable; after checking).")
        var recreate: [String] = []

        @Flag(name: .long, help: "Print the manifest (or the plan) as JSON on stdout.")
        var json = false

        @OptionGroup var spend: SpendOptions
        @OptionGroup var apiOptions: APIOptions
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            self.global.configureLogging()
            let storyboard: Storyboard
            var prices = PriceTable([])
            do {
                storyboard = try StoryboardParser(models: self.spend.catalog()).parse(path: self.board)
                prices = try self.spend.priceTable()
            } catch {
                printError(describe(error))
                throw ExitCode(1)
            }
            let unknown = Set(self.recreate).subtracting(storyboard.shots.map(\.name))
            guard unknown.isEmpty else {
                printError("--recreate: no shot named \(unknown.sorted().joined(separator: ", ")) in \(self.board)")
                throw ExitCode(1)
            }
            let stem = URL(fileURLWithPath: self.board).deletingPathExtension().lastPathComponent
            let output = self.output ?? "out/\(stem)"
            let clients = ClientFactory(
                options: self.apiOptions, maxRunning: self.maxRunning, quiet: self.global.quiet, models: storyboard.models, logger: self.global.logger
            )
            let flags = self.spend.budget
            let runner = StoryboardRunner(
                storyboard: storyboard,
                options: RunOptions(
                    output: output, maxRunning: self.maxRunning, fresh: self.fresh, shotTimeout: .seconds(self.timeout),
                    budget: flags.isLimited ? flags : nil, prices: prices, recreate: Set(self.recreate)
                ),
                clients: clients,
                observer: TerminalProgress(quiet: self.global.quiet)
            )
            if self.plan {
                let plan: RunPlan
                do {
                    plan = try await runner.plan()
                } catch {
                    await clients.shutdown()
                    printError("\(self.board): \(describe(error))")
                    throw ExitCode(1)
                }
                await clients.shutdown()
                if self.json { try printJSON(plan) } else { print(PlanTable(plan: plan).text) }
                return
            }
            let outcome = await Interruptible.run { try await runner.run() }
            await clients.shutdown()
            switch outcome {
            case .finished(let manifest):
                if self.json {
                    try printJSON(manifest)
                } else {
                    print(RunSummary(manifest: manifest, output: output).text)
                }
                if !manifest.passed { throw ExitCode(1) }
            case .interrupted:
                printError("\(self.board): stopped. Jobs already created are kept and nothing finished is lost; run the same command again to resume.")
                throw ExitCode(130)
            case .failed(let error):
                if self.json { try printJSON(["error": "\(self.board): \(describe(error))"]) }
                printError("\(self.board): \(describe(error))")
                throw ExitCode(1)
            }
        }
    }
}
