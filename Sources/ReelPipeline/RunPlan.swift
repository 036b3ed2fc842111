/// What a run would create and bill, before anything is sent: per shot and in total, with the
/// budget it is held to. On a folder with a journal, only what remains counts.
public struct RunPlan: Codable, Sendable, Hashable {
    /// One shot's part of the plan.
    public struct ShotPlan: Codable, Sendable, Hashable {
        public var name: String
        public var model: String
        public var size: String
        public var seconds: Int
        public var variants: Int
        /// `create` (a job will be made), `has_job` (one exists: it is polled, not made again)
        /// or `done` (finished by an earlier run).
        public var action: String
        /// What its new job bills (zero when it needs none).
        public var cost: Spend
        /// Where its price comes from; `nil` when the price is unknown.
        public var priceSource: String?
        /// Why the budget would stop its job from being created, or `nil`.
        public var budgetRefusal: String?
        /// The shot it continues from, which must be done before its job is created.
        public var after: String?
        /// Whether the budget would stop its job from being created.
        public var overBudget: Bool { self.budgetRefusal != nil }

        enum CodingKeys: String, CodingKey {
            case name, model, size, seconds, variants, action, cost, after
            case priceSource = "price_source"
            case budgetRefusal = "budget_refusal"
        }
    }

    public var title: String
    public var shots: [ShotPlan]
    /// What the jobs still to create bill.
    public var total: Spend
    /// What this folder's jobs already bill.
    public var spentSoFar: Spend
    public var budget: Budget
    /// A shot whose every variant fails QA may be made again this many times (not counted above).
    public var qaRetries: Int

    /// The shots the budget would leave without a job, in storyboard order.
    public var shotsOverBudget: [String] { self.shots.filter(\.overBudget).map(\.name) }

    enum CodingKeys: String, CodingKey {
        case title, shots, total, budget
        case spentSoFar = "spent_so_far"
        case qaRetries = "qa_retries"
    }
}
