import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
    import Glibc
#endif

/// Streams content to disk: only a 2xx body is written, to `NAME.partial`, checked against
/// `Content-Length`, resumed with a `Range` request after a break where the server allows
/// it (restarted otherwise), and renamed into place only when complete. Memory stays flat.
struct Downloader {
    let transport: HTTPTransport
    /// Refuse (or stop) a body larger than this.
    let maxBytes: Int64
    /// Deadline for one transfer attempt.
    let transferTimeout: TimeAmount

    func download(_ path: String, query: [(String, String)], accept: String, to file: String) async throws -> DownloadedFile {
        let partial = file + ".partial"
        _ = FileManager.default.createFile(atPath: partial, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let url = self.transport.url(path, query: query)
        let request = "GET \(path)"

        var offset: Int64 = 0
        var resumptions = 0
        var rangesAllowed = false
        // Breaks are cheap to recover from with Range, so downloads get twice the attempts of a call.
        var policy = self.transport.retry
        policy.maxAttempts *= 2
        try await self.transport.withRetries(
            policy, request,
            onRetry: { _ in
                resumptions += 1
                if !rangesAllowed { offset = 0 }
            }
        ) {
            try await self.transfer(url, request: request, accept: accept, to: partial, offset: &offset, rangesAllowed: &rangesAllowed)
        }
        guard rename(partial, file) == 0 else {
            throw SoraAPIError(.download, "cannot move \(partial) into place: \(String(cString: strerror(errno)))")
        }
        return DownloadedFile(path: file, bytes: offset, resumptions: resumptions)
    }

    /// One attempt: from `offset` when ranges are allowed, else from the start, following
    /// redirects within the origin. The body is written as it arrives (``FileBodyDelegate``).
    private func transfer(
        _ url: String,
        request: String,
        accept: String,
        to partial: String,
        offset: inout Int64,
        rangesAllowed: inout Bool
    ) async throws {
        var headers = ["Accept": accept]
        if offset > 0 && rangesAllowed { headers["Range"] = "bytes=\(offset)-" }
        let descriptor = open(partial, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SoraAPIError(.download, "cannot write \(partial): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let outcome = try await self.transport.followingRedirects(.GET, from: url, head: { ($0.status, $0.headers) }) { target in
            let sink = FileBodyDelegate(
                descriptor: descriptor, partial: partial, request: request, offset: offset, rangesAllowed: rangesAllowed,
                maxBytes: self.maxBytes
            )
            do {
                let outcome = try await self.transport.execute(get: target, headers: headers, timeout: self.transferTimeout, delegate: sink)
                try await sink.settled()
                (offset, rangesAllowed) = (sink.offset, sink.rangesAllowed)
                return outcome
            } catch let error as SoraAPIError {
                try? await sink.settled()
                (offset, rangesAllowed) = (sink.offset, sink.rangesAllowed)
                throw error
            } catch {
                try? await sink.settled()
                (offset, rangesAllowed) = (sink.offset, sink.rangesAllowed)
                if Task.isCancelled { throw CancellationError() }
                var failure = self.transport.connectionError(error, request: request, timeout: self.transferTimeout)
                failure.message += " after \(offset) bytes"
                throw failure
            }
        }
        guard outcome.status == 200 || outcome.status == 206 else {
            throw self.transport.error(status: outcome.status, headers: outcome.headers, body: Data(outcome.errorBody.readableBytesView), request: request)
        }
        if let expected = outcome.expected, offset != expected {
            throw SoraAPIError(.connectionLost, "\(request): got \(offset) of \(expected) bytes")
        }
        try await FileBodyDelegate.truncate(descriptor, to: offset, partial: partial)
    }
}
