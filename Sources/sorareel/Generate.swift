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

        @Option(name: .long, parsing: .unconditional, help: "Length in seconds (Sora 1: 1-20; Sora 2: 4, 8 or 12).", transform: ArgumentValues.integer("--seconds", 1...600))
        var seconds: Int?

        @Option(name: .long, parsing: .unconditional, help: "Variants (Sora 1 only: up to 4, 2 at 720p, 1 at 1080p).", transform: ArgumentValues.integer("--variants", 1...10))
        var variants: Int = 1

        @Option(name: .long, help: "An image to start from (PNG, JPEG or WebP); it must match --size unless --image-fit is given.")
        var image: String?

        @Option(
            name: .long,
            help: "Fit an --image of another size: crop (scale to cover, cut the edges) or pad (scale to fit, black bars)."
        )
        var imageFit: ImageFit?

        @Option(name: .long, parsing: .unconditional, help: "Seconds to wait for the job before giving up (1-86400).", transform: ArgumentValues.integer("--timeout", 1...86_400))
        var timeout: Int = 1800

        @Option(name: .shortAndLong, help: "Folder for the clips (default: the current folder).")
        var output: String = "."

        @Flag(name: .long, help: "Print the result as JSON on stdout.")
        var json = false

        @Flag(name: .long, help: "Print the job it would create and what it would bill, and send nothing.")
        var plan = false

        @Option(name: .long, parsing: .unconditional, help: "Refuse to create the job past this estimated charge in US dollars.", transform: ArgumentValues.decimal("--max-cost", 0...1_000_000, unit: "dollars"))
        var maxCost: Double?

        @Option(name: .long, parsing: .unconditional, help: "Refuse to create the job past this many seconds of video (seconds x variants).", transform: ArgumentValues.integer("--max-seconds", 0...10_000_000))
        var maxSeconds: Int?

        @Option(name: .long, help: "A YAML file of model limits ({name, sizes, seconds, variants, max_prompt_length} each): a gateway's models, checked before sending.")
        var models: String?

        @Option(name: .long, help: "A YAML file of prices ({model, usd_per_second, size, source, date} each) overriding the known ones.")
        var prices: String?

        @OptionGroup var apiOptions: APIOptions
        @OptionGroup var global: GlobalOptions

        func validate() throws {
            if self.imageFit != nil && self.image == nil {
                throw ValidationError("--image-fit needs --image")
            }
        }

        func run() async throws {
            self.global.configureLogging()
            let models: [ModelLimits]
            do {
                models = try self.models.map { try StoryboardParser().models(path: $0) } ?? []
            } catch {
                printError(describe(error))
                throw ExitCode(1)
            }
            let clients = ClientFactory(options: self.apiOptions, quiet: self.global.quiet, models: ModelCatalog(added: models), logger: self.global.logger)
            do {
                let client = try await clients.defaultClient()
                let api = client.configuration.endpoint.api
                let size = self.size ?? VideoSize(width: api.defaultSize.width, height: api.defaultSize.height)
                var request = GenerationRequest(
                    prompt: self.prompt, width: size.width, height: size.height,
                    seconds: self.seconds ?? api.defaultSeconds, variants: self.variants
                )
                let shot = Shot(
                    name: "generate", prompt: request.prompt, api: api, model: client.configuration.endpoint.model, size: size,
                    seconds: request.seconds, variants: request.variants
                )
                let storyboard = Storyboard(
                    title: "generate", shots: [shot], budget: Budget(maxUSD: self.maxCost, maxSeconds: self.maxSeconds),
                    prices: try self.prices.map { try StoryboardParser().prices(path: $0) } ?? PriceTable([]), path: "generate"
                )
                let plan = try await StoryboardRunner(
                    storyboard: storyboard, options: RunOptions(output: "/nonexistent/sorareel-plan", fresh: true), clients: clients
                ).plan()
                if self.plan {
                    await clients.shutdown()
                    if self.json { try printJSON(plan) } else { print(PlanTable(plan: plan).text) }
                    return
                }
                if let refusal = plan.shots.first?.budgetRefusal {
                    throw PipelineError(.budget, "over budget, not created: \(refusal)")
                }
                if let image = self.image {
                    request.inputImage = try Self.inputImage(image, size: size, fit: self.imageFit)
                }
                let progress = TerminalProgress(quiet: self.global.quiet)
                let result = try await client.generate(request, into: self.output, timeout: .seconds(self.timeout)) { job in
                    let percent: Int? = if case .running(let progress) = job.state { progress } else { nil }
                    progress.shot(job.id, state: job.status, percent: percent, detail: nil)
                }
                let validator = Validator(
                    options: ValidationOptions(expectedSize: size, expectedSeconds: Double(request.seconds), tolerance: 0.5)
                )
                var reports: [ValidationReport] = []
                for (file, output) in zip(result.files, result.job.outputs) {
                    reports.append(try await validator.validate(file.path))
                    // The service's own still, and one of ours from the clip.
                    let ext = api == .azure ? "jpg" : "webp"
                    let still = URL(fileURLWithPath: self.output).appendingPathComponent("\(OutputName.of(output)).api-thumbnail.\(ext)").path
                    _ = try await client.generator.download(output: output, kind: .thumbnail, to: still)
                    _ = try? await Thumbnailer(mode: .best, width: 480).thumbnails(of: file.path, into: self.output)
                }
                if result.files.count > 1 {
                    let reel = URL(fileURLWithPath: self.output).appendingPathComponent("\(OutputName.of(result.job.id))-variants.mp4").path
                    let inputs = result.files.enumerated().map { ReelInput(path: $0.element.path, title: "variant \($0.offset)") }
                    let made = try await ReelBuilder().build(inputs, to: reel)
                    if !self.global.quiet { printError("variants reel: \(made.path) (\(made.mode))") }
                }
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
