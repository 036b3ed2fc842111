import Foundation
public import MediaKit
import SoraAPI
public import SoraClient

/// One prompt to checked clips, without a storyboard (`sorareel generate`): the job created
/// once (budget first), waited for, every output downloaded and validated against the request,
/// the service's still and one of ours saved beside each clip, and several variants joined
/// into a reel. A storyboard's shots do the same through ``ShotWork``, with a journal.
public struct PromptGeneration: Sendable {
    /// What it made.
    public struct Result: Sendable {
        public var job: GenerationJob
        /// One per output, in the job's order.
        public var reports: [ValidationReport]
        /// The variants joined, when there were several.
        public var reel: ReelResult?
    }

    public var request: GenerationRequest
    /// Where the clips, stills and reel go.
    public var folder: String
    public var timeout: Duration
    /// The job's cost is held to it before anything is sent.
    public var budget: Budget
    public var prices: PriceTable

    public init(request: GenerationRequest, folder: String, timeout: Duration = .seconds(1800), budget: Budget = Budget(), prices: PriceTable = PriceTable([]))
    {
        self.request = request
        self.folder = folder
        self.timeout = timeout
        self.budget = budget
        self.prices = prices
    }

    /// What the job bills at these prices.
    public func cost(model: String) -> Spend {
        Spend(
            seconds: self.request.seconds, variants: self.request.variants,
            price: PriceTable.known.overridden(by: self.prices).price(model: model, size: self.request.size.description)
        )
    }

    /// Runs it with `client`, telling `observer` of the job's progress (by job id).
    /// - Throws: ``PipelineError`` `.budget` before anything is sent when the job would pass the
    ///   budget; ``SoraAPIError`` and ``MediaError`` as they come.
    public func run(with client: SoraClient, observer: any RunObserver = SilentObserver()) async throws -> Result {
        if let refusal = self.budget.refusal(of: self.cost(model: client.configuration.endpoint.model), after: Spend()) {
            throw PipelineError(.budget, "over budget, not created: \(refusal)")
        }
        let generated = try await client.generate(self.request, into: self.folder, timeout: self.timeout) { job in
            let percent: Int? = if case .running(let progress) = job.state { progress } else { nil }
            observer.shot(job.id, state: job.status, percent: percent, detail: nil)
        }
        let validator = Validator(
            options: ValidationOptions(expectedSize: self.request.size, expectedSeconds: Double(self.request.seconds), tolerance: 0.5)
        )
        var reports: [ValidationReport] = []
        for (file, output) in zip(generated.files, generated.job.outputs) {
            reports.append(try await validator.validate(file.path))
            // The service's own still, and one of ours from the clip.
            let still = URL(fileURLWithPath: self.folder)
                .appendingPathComponent("\(OutputName.of(output)).api-thumbnail.\(client.configuration.endpoint.api == .azure ? "jpg" : "webp")")
            _ = try await client.generator.download(output: output, kind: .thumbnail, to: still.path)
            _ = try? await Thumbnailer(mode: .best, width: 480).thumbnails(of: file.path, into: self.folder)
        }
        var reel: ReelResult?
        if generated.files.count > 1 {
            let path = URL(fileURLWithPath: self.folder).appendingPathComponent("\(OutputName.of(generated.job.id))-variants.mp4").path
            let inputs = generated.files.enumerated().map { ReelInput(path: $0.element.path, title: "variant \($0.offset)") }
            reel = try await ReelBuilder().build(inputs, to: path)
        }
        return Result(job: generated.job, reports: reports, reel: reel)
    }
}
