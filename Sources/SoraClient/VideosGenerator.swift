import Foundation
import NIOHTTP1
import SoraAPI

/// The Sora 2 `/videos` API, as OpenAI (`/v1/videos`) and Azure (`/openai/v1/videos`) serve it.
struct VideosGenerator: EndpointGenerator {
    let transport: HTTPTransport
    let downloader: Downloader
    let models: ModelCatalog
    var api: VideoAPI { .openai }

    func create(_ request: GenerationRequest) async throws -> GenerationJob {
        let payload: HTTPTransport.Body
        if let image = request.inputImage {
            var form = MultipartForm()
            form.field("prompt", request.prompt)
            form.field("model", self.transport.endpoint.model)
            form.field("seconds", String(request.seconds))
            form.field("size", request.size.description)
            form.file("input_reference", fileName: image.fileName, contentType: image.contentType, bytes: image.data)
            payload = try form.body
        } else {
            payload = try .json(
                CreateVideoRequest(
                    prompt: request.prompt, model: self.transport.endpoint.model, seconds: String(request.seconds), size: request.size.description
                )
            )
        }
        let response = try await self.transport.send(.POST, SoraPaths.videos, body: payload)
        return try self.job(from: response, request: "POST \(SoraPaths.videos)")
    }

    func remix(_ id: String, prompt: String) async throws -> GenerationJob {
        try Self.requireUsable(id)
        let response = try await self.transport.send(.POST, SoraPaths.remix(id), body: .json(RemixVideoRequest(prompt: prompt)))
        return try self.job(from: response, request: "POST \(SoraPaths.remix(id))")
    }

    func job(_ id: String) async throws -> GenerationJob {
        try Self.requireUsable(id)
        let response = try await self.transport.send(.GET, SoraPaths.video(id))
        var job = try self.job(from: response, request: "GET \(SoraPaths.video(id))")
        // A gateway may answer with another spelling of the id (a LiteLLM proxy drops the model
        // from it), which it then cannot route: the id asked about is the job's id.
        if job.id != id {
            job.outputs = job.outputs.map { $0 == job.id ? id : $0 }
            job.id = id
        }
        return job
    }

    func jobs(limit: Int) async throws -> [GenerationJob] {
        try await self.transport.listAll(SoraPaths.videos, limit: limit, pageSize: 100, query: [("order", "desc")], as: VideoList.self) { page in
            (try page.data.map { video throws(SoraAPIError) in try self.convert(video) }, page.hasMore, page.lastID ?? page.data.last?.id)
        }
    }

    func delete(_ id: String) async throws {
        try Self.requireUsable(id)
        _ = try await self.transport.send(.DELETE, SoraPaths.video(id), doneOnRetryIf: 404)
    }

    func download(output: String, kind: ContentKind, to path: String) async throws -> DownloadedFile {
        try Self.requireUsable(output)
        let accept = kind == .video ? "video/mp4" : "application/binary"
        return try await self.downloader.download(SoraPaths.videoContent(output), query: [("variant", kind.rawValue)], accept: accept, to: path)
    }

    private func job(from response: HTTPTransport.Response, request: String) throws -> GenerationJob {
        var job = try self.convert(self.transport.decode(Video.self, from: response, request: request))
        job.pollAfter =
            response.headers.first(name: "openai-poll-after-ms").flatMap(Double.init).map { $0 / 1000 }
            ?? HTTPTransport.retryAfter(response.headers)
        return job
    }

    private func convert(_ video: Video) throws(SoraAPIError) -> GenerationJob {
        try Self.requireUsable(video.id)
        let state: GenerationState =
            switch video.status {
            case .queued: .queued
            case .inProgress: .running(progress: video.progress)
            case .completed: .succeeded
            case .failed: .failed(reason: video.error.map { "\($0.code): \($0.message)" } ?? "failed without a reason")
            case VideoStatus(rawValue: "cancelled"): .cancelled
            default: .unknown(video.status.rawValue)
            }
        let size = VideoSize(video.size) ?? VideoSize(width: 0, height: 0)
        return GenerationJob(
            id: video.id, api: .openai, state: state, status: video.status.rawValue, prompt: video.prompt ?? "",
            model: video.model, width: size.width, height: size.height, seconds: Int(video.seconds) ?? 0, createdAt: video.createdAt,
            expiresAt: video.expiresAt, outputs: video.status == .completed ? [video.id] : []
        )
    }
}
