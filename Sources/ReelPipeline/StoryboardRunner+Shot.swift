package import SoraClient

extension StoryboardRunner {
    /// Runs one shot against a given store, client and budget gate: how a queue worker runs the
    /// shots it claims, through the same steps as a run on one machine. `sources` holds the
    /// outcomes of the shots it continues from (the queue claims it only once they have one).
    package func runShot(
        at position: Int, store: any RunStore, client: SoraClient, gate: any SpendGate, sources: [Manifest.ShotEntry] = []
    ) async -> Manifest.ShotEntry {
        let outcomes = ShotOutcomes()
        for source in sources { await outcomes.publish(source) }
        let work = ShotWork(
            shot: self.storyboard.shots[position], position: position, storyboard: self.storyboard, options: self.options,
            journal: store, client: client, ledger: gate, prices: self.prices, observer: self.observer, outcomes: outcomes
        )
        return await work.run()
    }

    /// The budget the storyboard's jobs are held to: the flags' limits where given, else its own.
    package var heldBudget: Budget { self.budget }

    /// The prices its jobs are costed at.
    package var heldPrices: PriceTable { self.prices }
}
