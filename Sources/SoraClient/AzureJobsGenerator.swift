import Foundation
import NIOHTTP1
import SoraAPI

/// Azure OpenAI's Sora 1 video generation jobs: `/video/generations/jobs` and
/// `/video/generations/{id}/content/...`.
struct AzureJobsGenerator: EndpointGenerator {
    let transport: HTTPTransport
    let downloader: Downloader
    let models: ModelCatalog
    var api: VideoAPI { .azure }

    func create(_ request: GenerationRequest) async throws -> GenerationJob {
        var body = self.body(request)
        let payload: HTTPTransport.Body
        if let image = request.inputImage {
            body.inpaintItems = [InpaintItem(frameIndex: 0, type: "image", fileName: image.fileName)]
            var form = MultipartForm()
            form.field("prompt", body.prompt)
            form.field("width", String(body.width))
            form.field("height", String(body.height))
            form.field("n_seconds", String(body.nSeconds))
            form.field("n_variants", String(body.nVariants))
            form.field("model", body.model)
            form.field("inpaint_items", String(decoding: try JSONEncoder().encode(body.inpaintItems), as: UTF8.self))
            form.file("files", fileName: image.fileName, contentType: image.contentType, bytes: image.data)
            payload = try form.body
        } else {
            payload = try .json(body)
        }
        let response = try await self.transport.send(.POST, SoraPaths.jobs, body: payload)
        return try self.job(from: response, request: "POST \(SoraPaths.jobs)")
    }

    func job(_ id: String) async throws -> GenerationJob {
        try Self.requireUsable(id)
        let response = try await self.transport.send(.GET, SoraPaths.job(id))
        return try self.job(from: response, request: "GET \(SoraPaths.job(id))")
    }

    func jobs(limit: Int) async throws -> [GenerationJob] {
        try await self.transport.listAll(SoraPaths.jobs, limit: limit, pageSize: 50, as: VideoGenerationJobList.self) { page in
            (try page.data.map { job throws(SoraAPIError) in try self.convert(job) }, page.hasMore, page.lastID ?? page.data.last?.id)
        }
    }

    func delete(_ id: String) async throws {
        try Self.requireUsable(id)
        _ = try await self.transport.send(.DELETE, SoraPaths.job(id), doneOnRetryIf: 404)
    }

    func download(output: String, kind: ContentKind, to path: String) async throws -> DownloadedFile {
        try Self.requireUsable(output)
        switch kind {
        case .video:
            return try await self.downloader.download(SoraPaths.generationVideo(output), query: [("quality", "high")], accept: "video/mp4", to: path)
        case .thumbnail:
            return try await self.downloader.download(SoraPaths.generationThumbnail(output), query: [], accept: "image/jpeg", to: path)
        case .spritesheet:
            throw SoraAPIError(.invalidRequest, "Sora 1 jobs have no spritesheet; ask for a video or a thumbnail")
        }
    }

    private func body(_ request: GenerationRequest) -> CreateVideoGenerationRequest {
        CreateVideoGenerationRequest(
            prompt: request.prompt, width: request.width, height: request.height, nSeconds: request.seconds,
            nVariants: request.variants, model: self.transport.endpoint.model
        )
    }

    private func job(from response: HTTPTransport.Response, request: String) throws -> GenerationJob {
        var job = try self.convert(self.transport.decode(VideoGenerationJob.self, from: response, request: request))
        job.pollAfter =
            HTTPTransport.retryAfter(response.headers) ?? response.headers.first(name: "openai-poll-after-ms").flatMap(Double.init).map { $0 / 1000 }
        return job
    }

    private func convert(_ job: VideoGenerationJob) throws(SoraAPIError) -> GenerationJob {
        try Self.requireUsable(job.id)
        for generation in job.generations { try Self.requireUsable(generation.id) }
        let state: GenerationState =
            switch job.status {
            case .queued: .queued
            case .preprocessing, .running, .processing: .running(progress: nil)
            case .succeeded: .succeeded
            case .failed: .failed(reason: job.failureReason ?? "failed without a reason")
            case .cancelled: .cancelled
            default: .unknown(job.status.rawValue)
            }
        return GenerationJob(
            id: job.id, api: .azure, state: state, status: job.status.rawValue, prompt: job.prompt, model: job.model,
            width: job.width, height: job.height, seconds: job.nSeconds, variants: job.nVariants, createdAt: job.createdAt,
            expiresAt: job.expiresAt,
            outputs: job.generations.map(\.id)
        )
    }
}
