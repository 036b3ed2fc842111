/// The run's spending, held against its budget: a job's cost is reserved before its create is
/// sent, so concurrent shots can never together pass the budget, and given back when the
/// service refused the create outright (no job, no bill).
actor SpendLedger {
    let budget: Budget
    private(set) var spent: Spend
    private let observer: any RunObserver

    init(budget: Budget, spent: Spend, observer: any RunObserver) {
        self.budget = budget
        self.spent = spent
        self.observer = observer
    }

    /// Reserves `cost`; the reason it does not fit otherwise.
    func reserve(_ cost: Spend) -> String? {
        if let refusal = self.budget.refusal(of: cost, after: self.spent) { return refusal }
        self.spent = self.spent + cost
        self.observer.spend(self.spent, budget: self.budget)
        return nil
    }

    /// Gives back a reservation whose create made no job.
    func refund(_ cost: Spend) {
        self.spent = Spend(
            jobs: self.spent.jobs - cost.jobs, billedSeconds: self.spent.billedSeconds - cost.billedSeconds,
            usd: self.spent.usd - cost.usd, unpricedJobs: self.spent.unpricedJobs - cost.unpricedJobs
        )
        self.observer.spend(self.spent, budget: self.budget)
    }
}
