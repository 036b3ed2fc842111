package import SoraClient

extension StoryboardRunner {
    /// Runs one shot against a given store, client and budget gate: how a queue worker runs the
    /// shots it claims, through the same steps as a run on one machine.
    package func runShot(at position: Int, store: any RunStore, client: SoraClient, gate: any SpendGate) async -> Manifest.ShotEntry {
        let work = ShotWork(
            shot: self.storyboard.shots[position], position: position, storyboard: self.storyboard, options: self.options,
            journal: store, client: client, ledger: gate, prices: self.prices, observer: self.observer
        )
        return await work.run()
    }

    /// The budget the storyboard's jobs are held to: the flags' limits where given, else its own.
    package var heldBudget: Budget { self.budget }

    /// The prices its jobs are costed at.
    package var heldPrices: PriceTable { self.prices }
}
