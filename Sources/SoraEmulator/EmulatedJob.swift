import SoraAPI

/// One job the emulator holds, for either API; its status is a function of time.
struct EmulatedJob: Sendable {
    enum Fate: Sendable { case succeed, moderation, internalError }

    var id: String
    var api: VideoAPI
    /// The model or deployment name.
    var model: String
    var prompt: String
    var width: Int
    var height: Int
    var seconds: Int
    var variants: Int
    /// Unix seconds.
    var createdAt: Double
    var fate: Fate
    /// Sora 1 generation ids, one per variant.
    var generations: [String]
    var inpaintItems: [InpaintItem]?
    var remixedFrom: String?
    /// The uploaded image the clip starts from (image-to-video).
    var startImage: [UInt8]?
    var cancelledAt: Double?
    /// When every variant finished rendering.
    var renderedAt: Double?
    var renderError: String?

    /// Seconds of each phase at time-scale 1.
    static let sora1Phases: [(JobStatus, Double)] = [(.queued, 3), (.preprocessing, 5), (.running, 20), (.processing, 5)]
    static let sora2Phases: [(VideoStatus, Double)] = [(.queued, 3), (.inProgress, 30)]

    func workSeconds(scale: Double) -> Double {
        (self.api == .azure ? Self.sora1Phases.map(\.1) : Self.sora2Phases.map(\.1)).reduce(0, +) * scale
    }

    /// When the job reached a terminal state, or `nil` while it runs.
    func finishedAt(scale: Double) -> Double? {
        if let cancelledAt { return cancelledAt }
        let due = self.createdAt + self.workSeconds(scale: scale)
        if self.fate != .succeed { return due }
        guard let renderedAt else { return nil }
        return max(due, renderedAt)
    }

    func isTerminal(at now: Double, scale: Double) -> Bool {
        self.finishedAt(scale: scale).map { $0 <= now } ?? false
    }

    func sora1Status(at now: Double, scale: Double) -> JobStatus {
        if let cancelledAt, cancelledAt <= now { return .cancelled }
        if let finished = self.finishedAt(scale: scale), finished <= now {
            return self.fate == .succeed && self.renderError == nil ? .succeeded : .failed
        }
        var elapsed = (now - self.createdAt) / max(scale, 1e-9)
        for (status, length) in Self.sora1Phases {
            if elapsed < length { return status }
            elapsed -= length
        }
        return .processing
    }

    /// The Sora 2 status and progress percentage.
    func sora2Status(at now: Double, scale: Double) -> (VideoStatus, Int) {
        if let finished = self.finishedAt(scale: scale), finished <= now {
            return self.fate == .succeed && self.renderError == nil && self.cancelledAt == nil ? (.completed, 100) : (.failed, 100)
        }
        let elapsed = (now - self.createdAt) / max(scale, 1e-9)
        let queued = Self.sora2Phases[0].1
        if elapsed < queued { return (.queued, 0) }
        let fraction = (elapsed - queued) / Self.sora2Phases[1].1
        return (.inProgress, min(99, max(1, Int(fraction * 100))))
    }

    var failureReason: String? {
        switch self.fate {
        case .succeed: self.renderError.map { _ in "internal_error" }
        case .moderation: "input_moderation"
        case .internalError: "internal_error"
        }
    }

    var videoError: VideoError? {
        switch self.fate {
        case .succeed: self.renderError.map { VideoError(code: "internal_error", message: "Video rendering failed: \($0)") }
        case .moderation: VideoError(code: "moderation_blocked", message: "Your request was blocked by our moderation system.")
        case .internalError: VideoError(code: "internal_error", message: "The video could not be generated due to an internal error. Please try again.")
        }
    }
}
