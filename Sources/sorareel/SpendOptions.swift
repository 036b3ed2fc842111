import ArgumentParser
import ReelPipeline
import SoraAPI

/// Flags that hold a run or a generate to a budget and tell it prices and models' limits.
struct SpendOptions: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional, help: "Create no job past this estimated charge in US dollars (overrides a storyboard's budget.max_usd).",
        transform: ArgumentValues.decimal("--max-cost", 0...1_000_000, unit: "dollars")
    )
    var maxCost: Double?

    @Option(
        name: .long, parsing: .unconditional, help: "Create no job past this many seconds of video, seconds x variants (overrides budget.max_seconds).",
        transform: ArgumentValues.integer("--max-seconds", 0...10_000_000)
    )
    var maxSeconds: Int?

    @Option(name: .long, help: "A YAML file of prices ({model, usd_per_second, size, source, date} each) overriding the known ones.")
    var prices: String?

    @Option(
        name: .long, help: "A YAML file of model limits ({name, sizes, seconds, variants, max_prompt_length} each): a gateway's models, checked before sending."
    )
    var models: String?

    /// The budget the flags set (`nil` limits where not given).
    var budget: Budget { Budget(maxUSD: self.maxCost, maxSeconds: self.maxSeconds) }

    /// The prices file's prices (none without one).
    func priceTable() throws(StoryboardError) -> PriceTable {
        guard let file = self.prices else { return PriceTable([]) }
        return try StoryboardParser().prices(path: file)
    }

    /// The models file's limits, added to the known ones.
    func catalog() throws(StoryboardError) -> ModelCatalog {
        guard let file = self.models else { return ModelCatalog() }
        return ModelCatalog(added: try StoryboardParser().models(path: file))
    }
}
