import Foundation
import Hummingbird
import SoraAPI

/// Every job the emulator knows, with the rules a real deployment enforces: running jobs per
/// deployment, create requests per minute, retention. Status is computed from the clock, so
/// tests step a job through its lifecycle by moving a ``ManualClock``.
actor JobStore {
    enum Refusal: Error {
        /// 429 "too many running tasks", retry after this many seconds.
        case tooManyRunning(retryAfter: Int)
        /// 429 rate limit, retry after this many seconds.
        case rateLimited(retryAfter: Int)
    }

    let configuration: EmulatorConfiguration
    let clock: any EmulatorClock
    private var jobs: [String: EmulatedJob] = [:]
    /// Creation order, oldest first.
    private var order: [String] = []
    private var creates: [Double] = []
    private var random: SeededRandom
    /// What the service would bill: every job made, and its seconds of video (seconds x variants).
    private var recorded = EmulatorUsage()

    /// What the service would bill so far, with the jobs running now.
    var usage: EmulatorUsage {
        let now = self.clock.now()
        var usage = self.recorded
        usage.running = Dictionary(grouping: self.jobs.values.filter { !$0.isTerminal(at: now, scale: self.scale) }, by: \.model).mapValues(\.count)
        return usage
    }

    init(configuration: EmulatorConfiguration, clock: any EmulatorClock) {
        self.configuration = configuration
        self.clock = clock
        self.random = SeededRandom(seed: configuration.seed)
    }

    var scale: Double { self.configuration.timeScale }

    /// Draws whether a fault with `rate` strikes this time.
    func strikes(_ fault: EmulatorFault) -> Bool {
        guard let rate = self.configuration.faults[fault], rate > 0 else { return false }
        return Double(self.random.next() % 1_000_000) / 1_000_000 < rate
    }

    /// Draws whether a lost-answer fault strikes, and how the answer is lost.
    private func lostAnswer(_ fault: EmulatorFault) -> LostAnswer? {
        guard self.strikes(fault) else { return nil }
        return LostAnswer.allCases[Int(self.random.next() % UInt64(LostAnswer.allCases.count))]
    }

    /// `response`, or what the client gets instead when `fault` strikes: the action is done
    /// either way, only its answer is lost.
    func answer(_ response: Response, unless fault: EmulatorFault) -> Response {
        guard let lost = self.lostAnswer(fault) else { return response }
        return lost.replacing(response, shape: self.configuration.errorShape)
    }

    /// Makes a job, or refuses when the deployment is at its limits.
    func create(
        api: VideoAPI, model: String, prompt: String, width: Int, height: Int, seconds: Int, variants: Int,
        inpaintItems: [InpaintItem]? = nil, remixedFrom: String? = nil, startImage: [UInt8]? = nil
    ) throws(Refusal) -> EmulatedJob {
        let now = self.clock.now()
        self.purgeExpired(now)
        if self.configuration.createsPerMinute > 0 {
            self.creates = self.creates.filter { $0 > now - 60 }
            if self.creates.count >= self.configuration.createsPerMinute, let oldest = self.creates.first {
                throw .rateLimited(retryAfter: max(1, Int((oldest + 60 - now).rounded(.up))))
            }
        }
        let running = self.jobs.values.filter { $0.model == model && !$0.isTerminal(at: now, scale: self.scale) }
        if running.count >= self.configuration.maxRunningPerDeployment {
            let soonest = running.compactMap { $0.finishedAt(scale: self.scale) ?? ($0.createdAt + $0.workSeconds(scale: self.scale) + 1) }.min() ?? now + 1
            throw .tooManyRunning(retryAfter: max(1, Int((soonest - now).rounded(.up))))
        }
        self.creates.append(now)
        self.recorded.record(model: model, seconds: seconds * variants, runningNow: running.count + 1)
        let fate: EmulatedJob.Fate = self.strikes(.moderation) ? .moderation : self.strikes(.internal) ? .internalError : .succeed
        let id = self.newID(api == .azure ? "task_" : "video_")
        let generations = api == .azure ? (0..<variants).map { _ in self.newID("gen_") } : []
        let job = EmulatedJob(
            id: id, api: api, model: model, prompt: prompt, width: width, height: height, seconds: seconds, variants: variants,
            createdAt: now, fate: fate, generations: generations, inpaintItems: inpaintItems, remixedFrom: remixedFrom, startImage: startImage
        )
        self.jobs[id] = job
        self.order.append(id)
        return job
    }

    /// The job, or `nil` when unknown or past its retention (checked here rather than by a
    /// purge, so a status read costs one lookup).
    func job(_ id: String) -> EmulatedJob? {
        guard let job = self.jobs[id], job.createdAt >= self.clock.now() - self.configuration.retention else { return nil }
        return job
    }

    /// The job a request's `{id}` segment names, when it exists and was made through `api` (one
    /// API does not show the other's jobs); otherwise a 404 that names it as a `noun`.
    nonisolated func job(in context: BasicRequestContext, api: VideoAPI, noun: String) async throws -> EmulatedJob {
        guard let id = context.parameters.get("id").flatMap(SoraPaths.id(fromSegment:)), SoraPaths.isUsableID(id), let job = await self.job(id),
            job.api == api
        else {
            throw EmulatorError.notFound("\(noun) \(context.parameters.get("id") ?? "")")
        }
        return job
    }

    /// The job that owns a Sora 1 generation, and the variant's index.
    func generation(_ id: String) -> (job: EmulatedJob, index: Int)? {
        self.purgeExpired(self.clock.now())
        for job in self.jobs.values {
            if let index = job.generations.firstIndex(of: id) { return (job, index) }
        }
        return nil
    }

    /// Jobs of one API, newest first.
    func all(_ api: VideoAPI) -> [EmulatedJob] {
        self.purgeExpired(self.clock.now())
        return self.order.reversed().compactMap { self.jobs[$0] }.filter { $0.api == api }
    }

    func markRendered(_ id: String, error: String?) {
        self.jobs[id]?.renderedAt = self.clock.now()
        self.jobs[id]?.renderError = error
    }

    /// Cancels a running job (it stays, `cancelled`), or deletes a finished one.
    func cancelOrDelete(_ id: String) -> Bool {
        guard let job = self.jobs[id] else { return false }
        let now = self.clock.now()
        if job.isTerminal(at: now, scale: self.scale) {
            self.jobs[id] = nil
            self.order.removeAll { $0 == id }
        } else {
            self.jobs[id]?.cancelledAt = now
        }
        return true
    }

    func delete(_ id: String) {
        self.jobs[id] = nil
        self.order.removeAll { $0 == id }
    }

    private func purgeExpired(_ now: Double) {
        let limit = now - self.configuration.retention
        for id in self.order where (self.jobs[id]?.createdAt ?? .infinity) < limit {
            self.jobs[id] = nil
        }
        self.order.removeAll { self.jobs[$0] == nil }
    }

    /// An id like the real ones (`task_01jw...`, `video_68f1...`), safe in paths and file names,
    /// and never repeated: like a ULID, a millisecond timestamp then 80 bits from the system's
    /// random source (not the seed, which repeats by design). A seeded counter repeated ids
    /// across emulator restarts, and a resumed run then took another shot's job.
    private func newID(_ prefix: String) -> String {
        let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
        var system = SystemRandomNumberGenerator()
        var text = ""
        var time = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        for _ in 0..<10 {
            text.insert(alphabet[Int(time % 32)], at: text.startIndex)
            time /= 32
        }
        for _ in 0..<2 {
            var bits = system.next() >> 24
            for _ in 0..<8 {
                text.append(alphabet[Int(bits % 32)])
                bits /= 32
            }
        }
        guard self.configuration.idStyle == .gateway else { return prefix + text }
        return prefix + Self.gatewayBase64("sorareel:custom_llm_provider:emulator;model_id:x;video_id:" + prefix + text)
    }

    /// `text` in standard base64 as a LiteLLM proxy writes its ids, made to hold `+`, `/` and
    /// `=`: three bytes that encode as `++//` after `text` (padded to a whole group), and one
    /// more that leaves `==` at the end.
    static func gatewayBase64(_ text: String) -> String {
        var bytes = Array(text.utf8)
        while bytes.count % 3 != 0 { bytes.append(UInt8(ascii: ";")) }
        bytes += [0xFB, 0xEF, 0xFF, 0x3B]
        return Data(bytes).base64EncodedString()
    }
}
