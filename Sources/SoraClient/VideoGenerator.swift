public import SoraAPI

/// The operations both Sora APIs offer, behind one interface: Azure's Sora 1 jobs and the
/// Sora 2 `/videos` API.
public protocol VideoGenerator: Sendable {
    /// The API this generator speaks.
    var api: VideoAPI { get }

    /// Checks `request` against the API's limits without sending anything.
    func check(_ request: GenerationRequest) throws(SoraAPIError)

    /// Sends one create, as it is: no local check, no retry. ``SoraClient/create(_:deadline:)``
    /// checks the request once and never repeats a create blindly; use that.
    func create(_ request: GenerationRequest) async throws -> GenerationJob

    /// The job's current state.
    func job(_ id: String) async throws -> GenerationJob

    /// Recent jobs, newest first, following pages up to `limit` jobs.
    func jobs(limit: Int) async throws -> [GenerationJob]

    /// Cancels a running job, or deletes a finished one and its outputs.
    func delete(_ id: String) async throws

    /// Streams an output to `path` (written as `path.partial`, renamed when complete).
    func download(output: String, kind: ContentKind, to path: String) async throws -> DownloadedFile
}
