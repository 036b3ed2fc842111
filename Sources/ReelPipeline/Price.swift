import Foundation

/// What a model costs per second of video, and where that figure comes from.
public struct Price: Codable, Sendable, Hashable {
    /// The model (on Azure, the deployment name), compared without case.
    public var model: String
    /// The size the price applies to; `nil` for every size.
    public var size: String?
    public var usdPerSecond: Double
    /// Where the figure was read, and when: a price without a source is a guess.
    public var source: String
    public var date: String

    public init(model: String, size: String? = nil, usdPerSecond: Double, source: String, date: String) {
        self.model = model
        self.size = size
        self.usdPerSecond = usdPerSecond
        self.source = source
        self.date = date
    }

    enum CodingKeys: String, CodingKey {
        case model, size, source, date
        case usdPerSecond = "usd_per_second"
    }
}

/// The prices SoraReel knows, and any a user adds (`--prices FILE`, a storyboard's `prices:`),
/// which take precedence. A model with no price here has none: plans show its seconds and
/// "price unknown", never an invented figure.
public struct PriceTable: Sendable, Hashable {
    public var prices: [Price]

    public init(_ prices: [Price]) {
        self.prices = prices
    }

    /// The last published prices of the models SoraReel was built for.
    public static let known = PriceTable([
        Price(
            model: "sora-2", usdPerSecond: 0.10,
            source: "OpenAI sora-2 model page (last published price; the model was shut down on 2026-09-24)", date: "2026-09"
        ),
        Price(
            model: "sora-2-pro", size: "720x1280", usdPerSecond: 0.30,
            source: "OpenAI sora-2-pro model page, 720p (last published price; shut down on 2026-09-24)", date: "2026-09"
        ),
        Price(
            model: "sora-2-pro", size: "1280x720", usdPerSecond: 0.30,
            source: "OpenAI sora-2-pro model page, 720p (last published price; shut down on 2026-09-24)", date: "2026-09"
        ),
    ])

    /// `overrides` first, then these.
    public func overridden(by overrides: PriceTable) -> PriceTable {
        PriceTable(overrides.prices + self.prices)
    }

    /// The price of `model` at `size`: an entry for that size first, then one for every size.
    public func price(model: String, size: String) -> Price? {
        let name = model.lowercased()
        let entries = self.prices.filter { $0.model.lowercased() == name }
        return entries.first { $0.size == size } ?? entries.first { $0.size == nil }
    }
}
