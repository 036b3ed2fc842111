import ArgumentParser
import Foundation
import Logging
import ReelPipeline

extension Sorareel {
    /// `sorareel run BOARD [--output DIR] [--max-running N] [--api ...] [--fresh]`
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn a storyboard into checked clips, one reel, a manifest and an HTML report."
        )

        @Argument(help: "The storyboard (YAML or JSON).")
        var board: String

        @Option(name: .shortAndLong, help: "Output folder (default: out/<storyboard name>).")
        var output: String?

        @Option(name: .long, help: "Jobs running at once (default: the API's limit, 2).")
        var maxRunning: Int = 2

        @Flag(name: .long, help: "Start over: forget the journal of an earlier run in this folder.")
        var fresh = false

        @Option(name: .long, help: "Seconds one shot may take, from creating its job to a checked clip.")
        var timeout: Int = 1800

        @Flag(name: .long, help: "Print the manifest as JSON on stdout.")
        var json = false

        @OptionGroup var apiOptions: APIOptions
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (1...32).contains(self.maxRunning) else { throw ValidationError("--max-running must be 1-32") }
            guard self.timeout > 0 else { throw ValidationError("--timeout must be positive") }
        }

        func run() async throws {
            self.global.configureLogging()
            let storyboard: Storyboard
            do {
                storyboard = try StoryboardParser().parse(path: self.board)
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
            let stem = URL(fileURLWithPath: self.board).deletingPathExtension().lastPathComponent
            let output = self.output ?? "out/\(stem)"
            let clients = ClientFactory(options: self.apiOptions, maxRunning: self.maxRunning, logger: self.global.logger)
            let runner = StoryboardRunner(
                storyboard: storyboard,
                options: RunOptions(output: output, maxRunning: self.maxRunning, fresh: self.fresh, shotTimeout: .seconds(self.timeout)),
                clients: clients,
                observer: TerminalProgress(quiet: self.global.quiet)
            )
            let manifest: Manifest
            do {
                manifest = try await runner.run()
            } catch {
                await clients.shutdown()
                printError("\(self.board): \(error)")
                throw ExitCode(1)
            }
            await clients.shutdown()
            if self.json {
                try printJSON(manifest)
            } else {
                print(RunSummary(manifest: manifest, output: output).text)
            }
            if !manifest.passed { throw ExitCode(1) }
        }
    }
}
