package import MediaKit

extension ShotRow {
    /// A shot's row as another store (the shared queue) read it.
    package init(
        named name: String, position: Int, fingerprint: String, state: ShotState, chosenAttempt: Int?, chosenVariant: Int?, error: String?,
        updatedAt: Double
    ) {
        self.name = name
        self.position = position
        self.fingerprint = fingerprint
        self.state = state
        self.chosenAttempt = chosenAttempt
        self.chosenVariant = chosenVariant
        self.error = error
        self.updatedAt = updatedAt
    }
}

extension AttemptRow {
    /// An attempt as another store read it.
    package init(
        of shot: String, number: Int, jobID: String?, createStartedAt: Double?, billedSeconds: Int, usd: Double?, state: AttemptState,
        redoReason: String?
    ) {
        self.shot = shot
        self.number = number
        self.jobID = jobID
        self.createStartedAt = createStartedAt
        self.billedSeconds = billedSeconds
        self.usd = usd
        self.state = state
        self.redoReason = redoReason
    }
}

extension VariantRow {
    /// A variant as another store read it.
    package init(
        of shot: String, attempt: Int, index: Int, outputID: String, file: String, bytes: Int64, passed: Bool?, report: ValidationReport?,
        thumbnail: String?, sheet: String?
    ) {
        self.shot = shot
        self.attempt = attempt
        self.index = index
        self.outputID = outputID
        self.file = file
        self.bytes = bytes
        self.passed = passed
        self.report = report
        self.thumbnail = thumbnail
        self.sheet = sheet
    }
}
