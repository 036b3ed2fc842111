import Foundation

/// What `generate` produced: the finished job and one downloaded file per output.
public struct GenerationResult: Sendable, Hashable {
    public var job: GenerationJob
    public var files: [DownloadedFile]
}

extension SoraClient {
    /// Creates a job, waits for it, and downloads every output's video into `directory`.
    ///
    /// Files are named after the output ids through ``OutputName``, so an id can never place a
    /// file outside `directory`, whatever it holds.
    ///
    /// - Throws: ``SoraAPIError`` `.timedOut` when `timeout` passes, whatever step is under way
    ///   (retries and back-off included).
    public func generate(
        _ request: GenerationRequest,
        into directory: String,
        timeout: Duration = .seconds(1800),
        onUpdate: @escaping @Sendable (GenerationJob) -> Void = { _ in }
    ) async throws -> GenerationResult {
        try await withThrowingTaskGroup(of: GenerationResult?.self) { group in
            group.addTask { try await self.generateWithoutLimit(request, into: directory, timeout: timeout, onUpdate: onUpdate) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw SoraAPIError(.timedOut, "generating \"\(request.prompt.prefix(40))\" did not finish within \(timeout)")
            }
            return result
        }
    }

    private func generateWithoutLimit(
        _ request: GenerationRequest,
        into directory: String,
        timeout: Duration,
        onUpdate: @Sendable (GenerationJob) -> Void
    ) async throws -> GenerationResult {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let finished = try await self.withRunningSlot {
            let created = try await self.create(request, deadline: deadline)
            onUpdate(created)
            return try await self.waitForCompletion(created, deadline: deadline, onUpdate: onUpdate)
        }
        switch finished.state {
        case .succeeded: break
        case .failed(let reason): throw SoraAPIError(.jobFailed, "job \(finished.id) failed: \(reason)")
        case .cancelled: throw SoraAPIError(.jobFailed, "job \(finished.id) was cancelled")
        default: throw SoraAPIError(.jobFailed, "job \(finished.id) ended with status \(finished.status)")
        }
        var files: [DownloadedFile] = []
        for output in finished.outputs {
            let path = URL(fileURLWithPath: directory).appendingPathComponent("\(OutputName.of(output)).mp4").path
            files.append(try await self.generator.download(output: output, kind: .video, to: path))
        }
        return GenerationResult(job: finished, files: files)
    }
}
