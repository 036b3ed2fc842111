import ArgumentParser
import Foundation
import ReelPipeline
import ReelQueue

extension Sorareel {
    /// `sorareel submit BOARD --queue URL [--output DIR] [--max-cost N] [--max-seconds N] [--prices FILE] [--timeout S]`
    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue a storyboard for the workers of a shared PostgreSQL queue."
        )

        @Argument(help: "The storyboard (YAML or JSON).")
        var board: String

        @Option(name: .shortAndLong, help: "Output folder, on a filesystem every worker sees (default: out/<storyboard name>, made absolute).")
        var output: String?

        @Option(
            name: .long, parsing: .unconditional, help: "Seconds one shot may take, from creating its job to a checked clip (1-86400).",
            transform: ArgumentValues.integer("--timeout", 1...86_400))
        var timeout: Int = 1800

        @Option(
            name: .long, parsing: .unconditional, help: "Stop creating jobs past this estimated charge in US dollars, across all workers.",
            transform: ArgumentValues.decimal("--max-cost", 0...1_000_000, unit: "dollars"))
        var maxCost: Double?

        @Option(
            name: .long, parsing: .unconditional, help: "Stop creating jobs past this many seconds of video, across all workers.",
            transform: ArgumentValues.integer("--max-seconds", 0...10_000_000))
        var maxSeconds: Int?

        @Option(name: .long, help: "A YAML file of prices ({model, usd_per_second, size, source, date} each) overriding the known ones.")
        var prices: String?

        @Flag(name: .long, help: "Print the queued storyboard's id as JSON on stdout.")
        var json = false

        @OptionGroup var queue: QueueOption
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let text: String
            let storyboard: Storyboard
            var prices: [Price] = []
            let path = URL(fileURLWithPath: self.board).standardizedFileURL.path
            do {
                guard let data = FileManager.default.contents(atPath: path), let read = String(data: data, encoding: .utf8) else {
                    throw PipelineError(.io, "\(self.board): cannot read the storyboard")
                }
                text = read
                storyboard = try StoryboardParser().parse(text: text, path: path)
                if let file = self.prices { prices = try StoryboardParser().prices(path: file).prices }
            } catch {
                printError(describe(error))
                throw ExitCode(1)
            }
            let stem = URL(fileURLWithPath: self.board).deletingPathExtension().lastPathComponent
            let output = URL(fileURLWithPath: self.output ?? "out/\(stem)").standardizedFileURL.path
            do {
                try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            } catch {
                printError("\(output): cannot create the output folder: \((error as NSError).localizedFailureReason ?? "permission denied")")
                throw ExitCode(1)
            }
            let flags = Budget(maxUSD: self.maxCost, maxSeconds: self.maxSeconds)
            let options = QueuedStoryboard.Options(budget: flags.isLimited ? flags : nil, prices: prices, shotTimeout: self.timeout)
            let database = try await self.queue.open(logger: self.global.logger)
            let id: Int64
            do {
                id = try await QueuedStoryboard.submit(storyboard, text: text, output: output, options: options, to: database)
            } catch {
                await database.close()
                printError("\(self.board): cannot queue it in \(database.location): \(describe(error))")
                throw ExitCode(1)
            }
            await database.close()
            if self.json {
                try printJSON(["id": "\(id)", "output": output, "shots": "\(storyboard.shots.count)"])
            } else if !self.global.quiet {
                print("queued storyboard \(id) (\(storyboard.title), \(storyboard.shots.count) shot\(storyboard.shots.count == 1 ? "" : "s")) into \(output)")
            }
        }
    }
}
