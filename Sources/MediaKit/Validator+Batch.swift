extension Validator {
    /// Validates `paths`, up to `concurrency` files at once, and hands each report to `handle`
    /// in the order of `paths` as soon as it and every report before it are ready.
    ///
    /// Memory stays bounded: at most `concurrency` files are open, and a report waits only
    /// for slower files ahead of it. Each file's decode runs on NIO's blocking thread pool.
    /// - Parameters:
    ///   - concurrency: files checked at once; 1 or more.
    ///   - handle: receives the index in `paths`, the report, and the seconds the file took.
    public func validate(
        _ paths: [String],
        concurrency: Int,
        handle: (Int, ValidationReport, Double) async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: (Int, (ValidationReport, Double)).self) { group in
            var next = 0
            var ready: [Int: (ValidationReport, Double)] = [:]
            var emitted = 0
            func start() {
                guard next < paths.count else { return }
                let index = next
                let path = paths[index]
                next += 1
                group.addTask {
                    let clock = ContinuousClock()
                    let start = clock.now
                    let report: ValidationReport = try await self.validate(path)
                    let elapsed = clock.now - start
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    return (index, (report, seconds))
                }
            }
            for _ in 0..<max(1, concurrency) { start() }
            while let (index, report) = try await group.next() {
                ready[index] = report
                while let (report, seconds) = ready.removeValue(forKey: emitted) {
                    try await handle(emitted, report, seconds)
                    emitted += 1
                }
                start()
            }
        }
    }
}
