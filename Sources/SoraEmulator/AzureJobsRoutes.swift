import Foundation
import HTTPTypes
import Hummingbird
import MediaKit
import SoraAPI

/// Azure OpenAI's Sora 1 video generation jobs, under `/openai/v1/video/generations`.
struct AzureJobsRoutes {
    let store: JobStore
    let renderer: ContentRenderer
    let configuration: EmulatorConfiguration

    func add(to router: Router<BasicRequestContext>) {
        let group = router.group("openai/v1/video/generations")
        group.post("jobs") { request, _ in try await self.create(request) }
        group.get("jobs") { request, _ in try await self.list(request) }
        group.get("jobs/{id}") { _, context in
            let job = try await self.store.job(in: context, api: .azure, noun: "job")
            return try JSONResponse.make(await self.view(job))
        }
        group.delete("jobs/{id}") { _, context in
            let job = try await self.store.job(in: context, api: .azure, noun: "job")
            _ = await self.store.cancelOrDelete(job.id)
            return await self.store.answer(Response(status: .noContent), unless: .lostDelete)
        }
        group.get("{generation}") { _, context in
            let (job, index) = try await self.generation(context)
            return try await JSONResponse.make(self.view(job).generations[index])
        }
        for method in [HTTPRequest.Method.get, .head] {
            group.on("{generation}/content/video", method: method) { request, context in
                if let quality = request.uri.queryParameters.get("quality"), !["high", "low"].contains(quality) {
                    throw EmulatorError(.badRequest, "Invalid quality '\(quality)'. Supported values are high and low.", param: "quality")
                }
                let (job, index) = try await self.generation(context)
                return try await ContentResponder(store: self.store).respond(
                    file: self.renderer.paths(for: job, variant: index).video, contentType: "video/mp4", request: request,
                    context: context, modified: job.finishedAt(scale: self.configuration.timeScale) ?? job.createdAt
                )
            }
        }
        group.get("{generation}/content/thumbnail") { request, context in
            let (job, index) = try await self.generation(context)
            return try await ContentResponder(store: self.store).respond(
                file: self.renderer.paths(for: job, variant: index).thumbnail, contentType: "image/jpg", request: request,
                context: context, modified: job.finishedAt(scale: self.configuration.timeScale) ?? job.createdAt
            )
        }
    }

    private func create(_ request: Request) async throws -> Response {
        let body = try await RequestBody.read(request, limit: self.configuration.maxBodyBytes)
        let create: CreateVideoGenerationRequest
        var startImage: [UInt8]?
        switch body {
        case .json(_, let data):
            do {
                create = try JSONDecoder().decode(CreateVideoGenerationRequest.self, from: data)
            } catch {
                throw EmulatorError(.badRequest, Self.describe(error), code: "invalid_payload")
            }
        case .form(let form):
            (create, startImage) = try Self.request(from: form)
        }
        if let problem = Sora1Limits.problem(in: create) {
            throw EmulatorError.invalid(problem)
        }
        let job: EmulatedJob
        do {
            job = try await self.store.create(
                api: .azure, model: create.model, prompt: create.prompt, width: create.width, height: create.height,
                seconds: create.nSeconds, variants: create.nVariants, inpaintItems: create.inpaintItems, startImage: startImage
            )
        } catch {
            throw Self.refusal(error)
        }
        Renders.start(job, store: self.store, renderer: self.renderer)
        let response = try JSONResponse.make(await self.view(job), status: HTTPResponse.Status(code: self.configuration.createStatus))
        return await self.store.answer(response, unless: .lostCreate)
    }

    /// A multipart create: form fields, `inpaint_items` as a JSON string, and a `files` part per
    /// item; with the image of the item at frame 0, which the clip starts from.
    static func request(from form: MultipartForm) throws -> (CreateVideoGenerationRequest, startImage: [UInt8]?) {
        func integer(_ name: String, default value: Int? = nil) throws -> Int {
            guard let text = form.field(name) else {
                if let value { return value }
                throw EmulatorError(.badRequest, "Missing required parameter: '\(name)'.", param: name, code: "missing_required_parameter")
            }
            guard let number = Int(text) else {
                throw EmulatorError(.badRequest, "Invalid type for '\(name)': expected an integer, got '\(text)'.", param: name, code: "invalid_type")
            }
            return number
        }
        guard let prompt = form.field("prompt") else {
            throw EmulatorError(.badRequest, "Missing required parameter: 'prompt'.", param: "prompt", code: "missing_required_parameter")
        }
        guard let model = form.field("model") else {
            throw EmulatorError(.badRequest, "Missing required parameter: 'model'.", param: "model", code: "missing_required_parameter")
        }
        let width = try integer("width")
        let height = try integer("height")
        var items: [InpaintItem] = []
        if let text = form.field("inpaint_items") {
            guard let decoded = try? JSONDecoder().decode([InpaintItem].self, from: Data(text.utf8)) else {
                throw EmulatorError(.badRequest, "Invalid value for 'inpaint_items': expected a JSON array of inpaint items.", param: "inpaint_items")
            }
            items = decoded
        }
        let files = form.files("files")
        guard !files.isEmpty else {
            throw EmulatorError(.badRequest, "Missing required parameter: 'files'.", param: "files", code: "missing_required_parameter")
        }
        for item in items {
            guard let file = files.first(where: { $0.fileName == item.fileName }) else {
                throw EmulatorError(.badRequest, "Inpaint item file_name '\(item.fileName)' does not match any uploaded file.", param: "inpaint_items")
            }
            if item.type == "image", item.cropBounds == nil, let size = ImageHeader.read([UInt8](file.data.prefix(1 << 20))),
                size.width != width || size.height != height
            {
                throw EmulatorError(.badRequest, "Inpaint image must match the requested width and height", param: "files")
            }
        }
        for file in files where !items.contains(where: { $0.fileName == file.fileName }) {
            throw EmulatorError(.badRequest, "Uploaded file '\(file.fileName ?? "")' has no matching inpaint item.", param: "files")
        }
        let request = CreateVideoGenerationRequest(
            prompt: prompt, width: width, height: height, nSeconds: try integer("n_seconds", default: 5),
            nVariants: try integer("n_variants", default: 1), model: model, inpaintItems: items.isEmpty ? nil : items
        )
        let first = items.first { $0.type == "image" && $0.frameIndex == 0 }.flatMap { item in files.first { $0.fileName == item.fileName } }
        return (request, first.map { [UInt8]($0.data) })
    }

    private func list(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        guard let limitText = query.get("limit") else {
            throw EmulatorError(.badRequest, "Missing required parameter: 'limit'.", param: "limit", code: "missing_required_parameter")
        }
        guard let limit = Int(limitText), (1...100).contains(limit) else {
            throw EmulatorError(.badRequest, "Invalid value for 'limit': expected an integer from 1 to 100.", param: "limit")
        }
        var views: [VideoGenerationJob] = []
        for job in await self.store.all(.azure) { views.append(await self.view(job)) }
        if let statuses = query.get("statuses") {
            let wanted = Set(statuses.split(separator: ",").map { JobStatus(rawValue: String($0)) })
            views = views.filter { wanted.contains($0.status) }
        }
        if let after = query.get("after") {
            guard let index = views.firstIndex(where: { $0.id == after }) else { throw EmulatorError.notFound("job \(after)") }
            views = Array(views[(index + 1)...])
        }
        if let before = query.get("before") {
            guard let index = views.firstIndex(where: { $0.id == before }) else { throw EmulatorError.notFound("job \(before)") }
            views = Array(views[..<index].suffix(limit))
        }
        let page = Array(views.prefix(limit))
        return try JSONResponse.make(VideoGenerationJobList(data: page, hasMore: views.count > page.count))
    }

    private func generation(_ context: BasicRequestContext) async throws -> (EmulatedJob, Int) {
        guard let id = context.parameters.get("generation").flatMap(SoraPaths.id(fromSegment:)), SoraPaths.isUsableID(id),
            let found = await self.store.generation(id),
            found.job.sora1Status(at: self.store.clock.now(), scale: self.configuration.timeScale) == .succeeded
        else {
            throw EmulatorError.notFound("generation \(context.parameters.get("generation") ?? "")")
        }
        return found
    }

    /// The job as the API shows it now.
    private func view(_ job: EmulatedJob) async -> VideoGenerationJob {
        let now = self.store.clock.now()
        let scale = self.configuration.timeScale
        let status = job.sora1Status(at: now, scale: scale)
        let finished = status.isTerminal ? job.finishedAt(scale: scale).map { Int($0) } : nil
        let generations =
            status == .succeeded
            ? job.generations.map {
                VideoGeneration(
                    id: $0, jobID: job.id, createdAt: finished ?? Int(now), width: job.width, height: job.height, nSeconds: job.seconds, prompt: job.prompt)
            } : []
        return VideoGenerationJob(
            id: job.id, status: status, createdAt: Int(job.createdAt), finishedAt: finished,
            expiresAt: finished.map { _ in Int(job.createdAt + self.configuration.retention) }, generations: generations,
            prompt: job.prompt, model: job.model, nVariants: job.variants, nSeconds: job.seconds, height: job.height,
            width: job.width, inpaintItems: job.inpaintItems, failureReason: status == .failed ? job.failureReason : nil
        )
    }

    static func refusal(_ error: JobStore.Refusal) -> EmulatorError {
        switch error {
        case .tooManyRunning(let seconds):
            var refusal = EmulatorError(
                .tooManyRequests, "Too many running tasks. Please wait for a running task to finish and try again.", type: "too_many_running_tasks", code: "429"
            )
            refusal.headers[.retryAfter] = String(seconds)
            return refusal
        case .rateLimited(let seconds):
            var refusal = EmulatorError(.tooManyRequests, "Rate limit is exceeded. Try again in \(seconds) seconds.", type: "rate_limit_error", code: "429")
            refusal.headers[.retryAfter] = String(seconds)
            return refusal
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "Missing required parameter: '\(key.stringValue)'."
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "Invalid type for '\(context.codingPath.map(\.stringValue).joined(separator: "."))'."
        default: "The request body is not a valid video generation request."
        }
    }
}

/// Starts rendering a job's content in the background and records when it is done.
enum Renders {
    static func start(_ job: EmulatedJob, store: JobStore, renderer: ContentRenderer) {
        guard job.fate == .succeed else { return }
        Task {
            do {
                try await renderer.render(job)
                await store.markRendered(job.id, error: nil)
            } catch {
                await store.markRendered(job.id, error: "\(error)")
            }
        }
    }
}
