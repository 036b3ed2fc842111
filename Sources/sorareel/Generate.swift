import ArgumentParser
import Foundation
import MediaKit
import ReelPipeline
import SoraAPI
import SoraClient

extension Sorareel {
    /// `sorareel generate PROMPT [--size WxH] [--seconds N] [--variants N] [--api azure|openai] [--model NAME] [--image PATH [--image-fit crop|pad]] [--timeout S] [--output DIR] [--json]`
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate clips from one prompt, download every variant and check each against the request."
        )

        @Argument(help: "What the clip shows.")
        var prompt: String

        @Option(name: .long, help: "Size, e.g. 480x480 (Sora 1) or 1280x720 (Sora 2).")
        var size: VideoSize?

        @Option(
            name: .long, parsing: .unconditional, help: "Length in seconds (Sora 1: 1-20; Sora 2: 4, 8 or 12).",
            transform: ArgumentValues.integer("--seconds", 1...600))
        var seconds: Int?

        @Option(
            name: .long, parsing: .unconditional, help: "Variants (Sora 1 only: up to 4, 2 at 720p, 1 at 1080p).",
            transform: ArgumentValues.integer("--variants", 1...10))
        var variants: Int = 1

        @Option(name: .long, help: "An image to start from (PNG, JPEG or WebP); it must match --size unless --image-fit is given.")
        var image: String?

        @Option(
            name: .long,
            help: "Fit an --image of another size: crop (scale to cover, cut the edges) or pad (scale to fit, black bars)."
        )
        var imageFit: ImageFit?

        @Option(
            name: .long, parsing: .unconditional, help: "Seconds to wait for the job before giving up (1-86400).",
            transform: ArgumentValues.integer("--timeout", 1...86_400))
        var timeout: Int = 1800

        @Option(name: .shortAndLong, help: "Folder for the clips (default: the current folder).")
        var output: String = "."

        @Flag(name: .long, help: "Print the result as JSON on stdout.")
        var json = false

        @Flag(name: .long, help: "Print the job it would create and what it would bill, and send nothing.")
        var plan = false

        @OptionGroup var spend: SpendOptions
        @OptionGroup var apiOptions: APIOptions
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if self.imageFit != nil && self.image == nil {
                throw ValidationError("--image-fit needs --image")
            }
        }

        func run() async throws {
            self.global.configureLogging()
            let models: ModelCatalog
            let prices: PriceTable
            do {
                models = try self.spend.catalog()
                prices = try self.spend.priceTable()
            } catch {
                printError(describe(error))
                throw ExitCode(1)
            }
            let clients = ClientFactory(options: self.apiOptions, quiet: self.global.quiet, models: models, logger: self.global.logger)
            do {
                let client = try await clients.defaultClient()
                let api = client.configuration.endpoint.api
                let size = self.size ?? api.defaultSize
                var request = GenerationRequest(
                    prompt: self.prompt, width: size.width, height: size.height,
                    seconds: self.seconds ?? api.defaultSeconds, variants: self.variants
                )
                let generation = PromptGeneration(
                    request: request, folder: self.output, timeout: .seconds(self.timeout),
                    budget: self.spend.budget, prices: prices
                )
                if self.plan {
                    let plan = try await StoryboardRunner(
                        storyboard: Storyboard(
                            title: "generate",
                            shots: [
                                Shot(
                                    name: "generate", prompt: request.prompt, api: api, model: client.configuration.endpoint.model, size: size,
                                    seconds: request.seconds, variants: request.variants)
                            ],
                            budget: generation.budget, prices: generation.prices, path: "generate"
                        ),
                        options: RunOptions(output: "/nonexistent/sorareel-plan", fresh: true), clients: clients
                    ).plan()
                    await clients.shutdown()
                    if self.json { try printJSON(plan) } else { print(PlanTable(plan: plan).text) }
                    return
                }
                if let image = self.image {
                    request.inputImage = try Self.inputImage(image, size: size, fit: self.imageFit)
                }
                let result = try await generation.run(with: client, observer: TerminalProgress(quiet: self.global.quiet))
                let reports = result.reports
                if let reel = result.reel, !self.global.quiet { printError("variants reel: \(reel.path) (\(reel.mode.rawValue))") }
                if self.json {
                    try printJSON(GenerateResult(job: result.job.id, status: result.job.status, files: reports))
                } else {
                    for report in reports {
                        print(VerdictTable(report: report, showPassing: !self.global.quiet).text)
                    }
                }
                await clients.shutdown()
                if reports.contains(where: { !$0.passed }) { throw ExitCode(1) }
            } catch let exit as ExitCode {
                throw exit
            } catch {
                await clients.shutdown()
                printError(describe(error))
                throw ExitCode(1)
            }
        }

        /// The image at `path`, checked against `size` and fitted to it when `fit` says how.
        static func inputImage(_ path: String, size: VideoSize, fit: ImageFit?) throws -> InputImage {
            let fitter = ImageFitter(
                fit: fit,
                mismatchAdvice: "add --image-fit crop (scale to cover, cut the edges) or --image-fit pad (scale to fit, black bars)"
            )
            let fitted = try fitter.fit(path: path, to: size)
            return InputImage(data: fitted.data, fileName: fitted.fileName, contentType: fitted.contentType)
        }
    }
}

/// `generate --json`: the job and each clip's validation.
struct GenerateResult: Encodable {
    var job: String
    var status: String
    var files: [ValidationReport]
}
