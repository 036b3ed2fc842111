import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

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
        var waited = 0.0
        // Breaks are cheap to recover from with Range, so downloads get twice the attempts of a call.
        let attempts = self.transport.retry.maxAttempts * 2
        for attempt in 1...attempts {
            do {
                try await self.transfer(url, request: request, accept: accept, to: partial, offset: &offset, rangesAllowed: &rangesAllowed)
                guard rename(partial, file) == 0 else {
                    throw SoraAPIError(.download, "cannot move \(partial) into place: \(String(cString: strerror(errno)))")
                }
                return DownloadedFile(path: file, bytes: offset, resumptions: resumptions)
            } catch let error as SoraAPIError where error.isTransient && attempt < attempts {
                let delay = self.transport.retry.delay(afterAttempt: attempt, serverHint: error.retryAfter)
                guard waited + delay <= self.transport.retry.budget else { throw error }
                resumptions += 1
                if !rangesAllowed { offset = 0 }
                self.transport.logger.info(
                    "download interrupted; \(rangesAllowed ? "resuming" : "restarting")",
                    metadata: ["request": "\(request)", "bytes": "\(offset)", "error": "\(error)"]
                )
                try await Task.sleep(for: .seconds(delay))
                waited += delay
            }
        }
        throw SoraAPIError(.download, "\(request): gave up after \(resumptions) resumptions")
    }

    /// One attempt: from `offset` when ranges are allowed, else from the start.
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
        let response = try await self.transport.execute(.GET, url, body: nil, headers: headers, timeout: self.transferTimeout)
        let status = Int(response.status.code)
        guard status == 200 || status == 206 else {
            let body = (try? await self.transport.collect(response, limit: 1 << 16)) ?? Data()
            throw self.transport.error(status: status, headers: response.headers, body: body, request: request)
        }
        if status == 200 {
            offset = 0  // a full body, whatever was asked
        } else if let range = response.headers.first(name: "content-range"), !range.hasPrefix("bytes \(offset)-") {
            throw SoraAPIError(.badResponse, "\(request): asked for bytes from \(offset), got \(range)")
        }
        rangesAllowed = response.headers.first(name: "accept-ranges")?.lowercased() == "bytes"
        let length = response.headers.first(name: "content-length").flatMap { Int64($0) }
        let expected = length.map { $0 + offset }
        if let expected, expected > self.maxBytes {
            throw SoraAPIError(.download, "\(request): the server claims \(expected) bytes, above the \(self.maxBytes)-byte cap")
        }

        guard let handle = FileHandle(forWritingAtPath: partial) else {
            throw SoraAPIError(.download, "cannot write \(partial)")
        }
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(offset))
        try handle.seek(toOffset: UInt64(offset))
        do {
            for try await buffer in response.body {
                offset += Int64(buffer.readableBytes)
                if offset > self.maxBytes {
                    throw SoraAPIError(.download, "\(request): body passed the \(self.maxBytes)-byte cap")
                }
                do {
                    try buffer.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
                } catch {
                    // A full disk is not a broken connection: say so, and do not retry.
                    throw SoraAPIError(.download, "cannot write \(partial): \(Self.reason(error))")
                }
            }
        } catch let error as SoraAPIError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw SoraAPIError(.connection, "\(request): the connection broke after \(offset) bytes: \(error)")
        }
        if let expected, offset != expected {
            throw SoraAPIError(.connection, "\(request): got \(offset) of \(expected) bytes")
        }
    }

    /// The operating system's words for a file error ("No space left on device").
    static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let code = underlying?.code, underlying?.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(code)))
        }
        return error.localizedDescription
    }
}
