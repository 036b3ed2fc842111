/// Each shot's outcome as it finishes, for the shots that continue from it: a shot that
/// continues from another waits here until that one is done (or has failed), so shots run in
/// dependency order while independent shots run side by side.
actor ShotOutcomes {
    private var finished: [String: Manifest.ShotEntry] = [:]
    private var waiting: [String: [CheckedContinuation<Manifest.ShotEntry, Never>]] = [:]

    /// Records `entry` and wakes the shots waiting for it. Every shot publishes exactly once,
    /// whatever became of it, so no wait outlives the run.
    func publish(_ entry: Manifest.ShotEntry) {
        self.finished[entry.name] = entry
        for continuation in self.waiting.removeValue(forKey: entry.name) ?? [] {
            continuation.resume(returning: entry)
        }
    }

    /// The outcome of the shot named `name`, once it has one.
    func outcome(of name: String) async -> Manifest.ShotEntry {
        if let entry = self.finished[name] { return entry }
        return await withCheckedContinuation { continuation in
            self.waiting[name, default: []].append(continuation)
        }
    }
}
