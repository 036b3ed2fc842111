import Foundation
import HTTPTypes
import Hummingbird
import MediaKit
import SoraAPI

/// The Sora 2 `/videos` API, under both `/v1` (OpenAI) and `/openai/v1` (Azure).
struct VideosRoutes {
    let store: JobStore
    let renderer: ContentRenderer
    let configuration: EmulatorConfiguration

    func add(to router: Router<BasicRequestContext>) {
        for prefix in ["v1", "openai/v1"] {
            let group = router.group(RouterPath(prefix))
            group.post("videos") { request, _ in try await self.create(request) }
            group.get("videos") { request, _ in try await self.list(request) }
            group.get("videos/{id}") { _, context in try await self.answer(try await self.store.job(in: context, api: .openai, noun: "video")) }
            group.delete("videos/{id}") { _, context in
                let job = try await self.store.job(in: context, api: .openai, noun: "video")
                let (status, _) = job.sora2Status(at: self.store.clock.now(), scale: self.configuration.timeScale)
                guard status == .completed || status == .failed else {
                    throw EmulatorError(.badRequest, "Video \(job.id) can only be deleted once it has completed or failed.", param: "video_id")
                }
                await self.store.delete(job.id)
                return try await self.store.answer(JSONResponse.make(DeletedVideo(id: job.id)), unless: .lostDelete)
            }
            group.get("videos/{id}/content") { request, context in try await self.content(request, context) }
            group.post("videos/{id}/remix") { request, context in try await self.remix(request, context) }
        }
    }

    private func create(_ request: Request) async throws -> Response {
        let body = try await RequestBody.read(request, limit: self.configuration.maxBodyBytes)
        var fields: [String: String] = [:]
        var startImage: [UInt8]?
        switch body {
        case .json(let object, _):
            for (key, value) in object {
                if key == "seconds", !(value is String) {
                    throw EmulatorError(
                        .badRequest, "Invalid type for 'seconds': expected one of '4', '8', or '12', but got \(Self.typeName(value)) instead.",
                        param: "seconds", code: "invalid_type"
                    )
                }
                if key == "input_reference" {
                    throw EmulatorError(
                        .badRequest, "Invalid type for 'input_reference': expected a file, but got \(Self.typeName(value)) instead.",
                        param: "input_reference", code: "invalid_type"
                    )
                }
                if let text = value as? String { fields[key] = text }
            }
        case .form(let form):
            for part in form.parts where part.fileName == nil { fields[part.name] = String(decoding: part.data, as: UTF8.self) }
            if form.parts.contains(where: { $0.name == "input_reference" && $0.fileName == nil }) {
                throw EmulatorError(
                    .badRequest, "Invalid type for 'input_reference': expected a file, but got a string instead.",
                    param: "input_reference", code: "invalid_type"
                )
            }
            if let image = form.files("input_reference").first {
                let size = fields["size"].map { VideoSize($0) ?? VideoSize(width: 0, height: 0) } ?? VideoAPI.openai.defaultSize
                guard let dimensions = ImageHeader.read([UInt8](image.data.prefix(1 << 20))) else {
                    throw EmulatorError(.badRequest, "The input_reference file is not a JPEG, PNG or WebP image.", param: "input_reference")
                }
                guard dimensions.width == size.width, dimensions.height == size.height else {
                    throw EmulatorError(.badRequest, "Inpaint image must match the requested width and height", param: "input_reference")
                }
                startImage = [UInt8](image.data)
            }
        }
        guard let prompt = fields["prompt"] else {
            throw EmulatorError(.badRequest, "Missing required parameter: 'prompt'.", param: "prompt", code: "missing_required_parameter")
        }
        let model = fields["model"] ?? VideoAPI.openai.defaultModel
        if let problem = Sora2Limits.problem(prompt: prompt, model: model, seconds: fields["seconds"], size: fields["size"]) {
            throw EmulatorError.invalid(problem)
        }
        // Models the catalog does not know (a gateway's) are rendered as asked, within what a
        // clip synthesizer can make.
        guard let size = fields["size"].map({ VideoSize($0) }) ?? VideoAPI.openai.defaultSize,
            (16...3840).contains(size.width), (16...3840).contains(size.height), size.width % 2 == 0, size.height % 2 == 0
        else {
            throw EmulatorError(.badRequest, "Invalid value for 'size': expected WIDTHxHEIGHT, even, 16 to 3840 pixels a side.", param: "size")
        }
        guard let seconds = fields["seconds"].map({ Int($0) }) ?? VideoAPI.openai.defaultSeconds, (1...60).contains(seconds) else {
            throw EmulatorError(.badRequest, "Invalid value for 'seconds': expected a whole number of seconds from 1 to 60.", param: "seconds")
        }
        return try await self.make(
            model: model, prompt: prompt, width: size.width, height: size.height, seconds: seconds, remixedFrom: nil, startImage: startImage
        )
    }

    private func remix(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let source = try await self.store.job(in: context, api: .openai, noun: "video")
        guard source.sora2Status(at: self.store.clock.now(), scale: self.configuration.timeScale).0 == .completed else {
            throw EmulatorError(.badRequest, "Video \(source.id) is not completed; only a completed video can be remixed.", param: "video_id")
        }
        let prompt: String?
        switch try await RequestBody.read(request, limit: self.configuration.maxBodyBytes) {
        case .json(let object, _): prompt = object["prompt"] as? String
        case .form(let form): prompt = form.field("prompt")
        }
        guard let prompt, !prompt.isEmpty, prompt.count <= Sora2Limits.maxPromptLength else {
            throw EmulatorError(.badRequest, "Missing required parameter: 'prompt'.", param: "prompt", code: "missing_required_parameter")
        }
        return try await self.make(
            model: source.model, prompt: prompt, width: source.width, height: source.height, seconds: source.seconds, remixedFrom: source.id
        )
    }

    private func make(
        model: String, prompt: String, width: Int, height: Int, seconds: Int, remixedFrom: String?, startImage: [UInt8]? = nil
    ) async throws -> Response {
        let job: EmulatedJob
        do {
            job = try await self.store.create(
                api: .openai, model: model, prompt: prompt, width: width, height: height, seconds: seconds, variants: 1, remixedFrom: remixedFrom,
                startImage: startImage
            )
        } catch {
            throw AzureJobsRoutes.refusal(error)
        }
        Renders.start(job, store: self.store, renderer: self.renderer)
        let response = try await self.answer(
            job, status: HTTPResponse.Status(code: self.configuration.createStatus == 201 ? 200 : self.configuration.createStatus))
        return await self.store.answer(response, unless: .lostCreate)
    }

    private func list(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let limit = Int(query.get("limit") ?? "20") ?? -1
        guard (1...100).contains(limit) else {
            throw EmulatorError(.badRequest, "Invalid value for 'limit': expected an integer from 1 to 100.", param: "limit")
        }
        let order = query.get("order") ?? "desc"
        guard order == "asc" || order == "desc" else {
            throw EmulatorError(.badRequest, "Invalid value for 'order': expected 'asc' or 'desc'.", param: "order")
        }
        var videos: [Video] = []
        for job in await self.store.all(.openai) { videos.append(self.view(job)) }
        if order == "asc" { videos.reverse() }
        if let after = query.get("after") {
            guard let index = videos.firstIndex(where: { $0.id == after }) else { throw EmulatorError.notFound("video \(after)") }
            videos = Array(videos[(index + 1)...])
        }
        let page = Array(videos.prefix(limit))
        return try JSONResponse.make(VideoList(data: page, hasMore: videos.count > page.count))
    }

    private func content(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let job = try await self.store.job(in: context, api: .openai, noun: "video")
        let variant = request.uri.queryParameters.get("variant") ?? "video"
        let paths = self.renderer.paths(for: job, variant: 0)
        let (file, type): (String, String) =
            switch variant {
            case "video": (paths.video, "video/mp4")
            case "thumbnail": (paths.thumbnail, "image/webp")
            case "spritesheet": (paths.spritesheet, "image/jpeg")
            default: throw EmulatorError(.badRequest, "Invalid value for 'variant': expected one of 'video', 'thumbnail', or 'spritesheet'.", param: "variant")
            }
        guard job.sora2Status(at: self.store.clock.now(), scale: self.configuration.timeScale).0 == .completed else {
            throw EmulatorError(.notFound, "Video \(job.id) has no content: it is not completed.", param: "video_id", code: "not_found")
        }
        return try await ContentResponder(store: self.store).respond(
            file: file, contentType: type, request: request, context: context,
            modified: job.finishedAt(scale: self.configuration.timeScale) ?? job.createdAt
        )
    }

    /// The video as JSON, with `openai-poll-after-ms` while it works.
    private func answer(_ job: EmulatedJob, status: HTTPResponse.Status = .ok) async throws -> Response {
        let video = self.view(job)
        var headers: HTTPFields = [:]
        if !video.status.isTerminal {
            let remaining = job.createdAt + job.workSeconds(scale: self.configuration.timeScale) - self.store.clock.now()
            headers[.pollAfter] = String(Int(min(5000, max(100, remaining * 1000 / 4))))
        }
        return try JSONResponse.make(video, status: status, headers: headers)
    }

    private func view(_ job: EmulatedJob) -> Video {
        let now = self.store.clock.now()
        let scale = self.configuration.timeScale
        let (status, progress) = job.sora2Status(at: now, scale: scale)
        let finished = status.isTerminal ? job.finishedAt(scale: scale).map { Int($0) } : nil
        return Video(
            id: job.id, model: job.model, status: status, progress: progress, createdAt: Int(job.createdAt), completedAt: finished,
            expiresAt: finished.map { _ in Int(job.createdAt + self.configuration.retention) }, prompt: job.prompt,
            size: "\(job.width)x\(job.height)", seconds: String(job.seconds), remixedFromVideoID: job.remixedFrom,
            error: status == .failed ? job.videoError : nil
        )
    }

    static func typeName(_ value: Any) -> String {
        switch value {
        case is Bool: "a boolean"
        case let number as NSNumber: number.doubleValue == number.doubleValue.rounded() ? "an integer" : "a decimal"
        case is [Any]: "an array"
        case is [String: Any]: "an object"
        case is NSNull: "null"
        default: "a string"
        }
    }
}
