package import SoraClient

/// Where a run keeps its memory and its shared limits: the SQLite ``RunJournal`` in the output
/// folder (one machine), or a PostgreSQL queue that many workers share. The runner and each
/// shot's work call only this, so both stores pass the same resume and lost-answer paths.
///
/// Shots are named as in the storyboard; a store serves one storyboard. Every write is durable
/// before it returns: a process killed right after a call finds it done.
package protocol RunStore: Sendable {
    /// Records that `step` of `shot` is about to happen (`before`), happened (`after`) or failed.
    func event(_ shot: String?, _ step: String, _ phase: String, _ detail: String?) async throws

    /// The shot's row, created (or started over, with its attempts and variants, when its
    /// fingerprint changed) to match the storyboard.
    func prepare(_ name: String, position: Int, fingerprint: String) async throws -> ShotRow

    /// Sets a shot's state; a chosen variant and an error are set (or cleared) with it.
    func update(_ name: String, state: ShotState, chosen: (attempt: Int, variant: Int)?, error: String?) async throws

    /// A shot's attempts (one job each), oldest first.
    func attempts(of shot: String) async throws -> [AttemptRow]

    /// Records that a create is about to be sent, and what the job will bill, before it is sent.
    func beginCreate(_ shot: String, attempt: Int, at started: Double, cost: Spend) async throws

    /// The job of an attempt is known (created, adopted or resumed).
    func recordJob(_ shot: String, attempt: Int, jobID: String) async throws

    /// A create was refused outright: no job was made, nothing is billed.
    func abandonCreate(_ shot: String, attempt: Int) async throws

    /// Ends an attempt: its job failed or vanished, or QA sent the shot back.
    func finish(_ shot: String, attempt: Int, _ state: AttemptState, reason: String?) async throws

    /// Every job id the store knows: claimed by clients so that a lost create never adopts one.
    func jobIDs() async throws -> [String]

    /// What the storyboard's jobs bill, counting creates that may have made a job.
    func spend() async throws -> Spend

    func record(_ variant: VariantRow) async throws

    func variants(of shot: String, attempt: Int) async throws -> [VariantRow]

    /// Runs `body` (a job's create and wait) while `shot` holds one of its deployment's running
    /// slots: the client's own slots on one machine, slots counted in the database in a queue.
    func withRunningSlot<T: Sendable>(_ shot: String, client: SoraClient, _ body: () async throws -> T) async throws -> T
}

extension RunStore {
    func event(_ shot: String?, _ step: String, _ phase: String) async throws {
        try await self.event(shot, step, phase, nil)
    }

    func update(_ name: String, state: ShotState, chosen: (attempt: Int, variant: Int)? = nil, error: String? = nil) async throws {
        try await self.update(name, state: state, chosen: chosen, error: error)
    }

    func finish(_ shot: String, attempt: Int, _ state: AttemptState) async throws {
        try await self.finish(shot, attempt: attempt, state, reason: nil)
    }

    /// Runs `body` as a recorded step: `before` is durable before it starts, then `after` (with
    /// `detail` of the result) or `failed` (with the error) once it ends.
    func step<T>(
        _ shot: String?, _ name: String, _ detail: String? = nil, after: (T) -> String? = { _ in nil },
        _ body: () async throws -> T
    ) async throws -> T {
        try await self.event(shot, name, "before", detail)
        let result: T
        do {
            result = try await body()
        } catch {
            try? await self.event(shot, name, "failed", "\(error)".prefix(500).description)
            throw error
        }
        try await self.event(shot, name, "after", after(result))
        return result
    }
}

/// Holds a run's spending against its budget: a job's cost is reserved before its create is
/// sent and given back when the service refused the create outright.
package protocol SpendGate: Sendable {
    /// Reserves `cost`; the reason it does not fit otherwise.
    func reserve(_ cost: Spend) async throws -> String?
    /// Gives back a reservation whose create made no job.
    func refund(_ cost: Spend) async throws
}
