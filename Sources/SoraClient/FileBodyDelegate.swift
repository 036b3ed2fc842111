import AsyncHTTPClient
import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#endif

/// Receives one download attempt on the event loop: a 2xx body goes straight into the open
/// `.partial` file with `pwrite`, part by part as it arrives; any other body is kept, up to
/// 64 KiB, for the error message.
///
/// Writing from the event loop is what makes downloads keep up with `curl`: an async body
/// hands each part to a task and reads the next only when asked, which cost a third of the
/// throughput. A write lands in the page cache, so the loop is held for microseconds.
///
/// All callbacks run on the request's event loop, one after another, and the owner reads the
/// state only after the request's future completes: hence `@unchecked Sendable` without a lock.
final class FileBodyDelegate: HTTPClientResponseDelegate, @unchecked Sendable {
    /// What an attempt ended with.
    struct Outcome {
        var status: Int
        var headers: HTTPHeaders
        /// The body of a non-2xx answer (at most 64 KiB).
        var errorBody: ByteBuffer
        /// The length the file should reach, from `Content-Length`, when the server said.
        var expected: Int64?
    }

    private static let errorBodyLimit = 1 << 16

    private let descriptor: Int32
    private let partial: String
    private let request: String
    private let maxBytes: Int64
    private var head: HTTPResponseHead?
    private var errorBody = ByteBuffer()
    private var expected: Int64?

    /// Bytes of the file that are complete: where a resumed attempt starts.
    private(set) var offset: Int64
    /// Whether the last answer allowed `Range` requests.
    private(set) var rangesAllowed: Bool

    /// Appends to `descriptor` (the open `.partial` file) from `offset`, the bytes a `Range`
    /// request asked to skip.
    init(descriptor: Int32, partial: String, request: String, offset: Int64, rangesAllowed: Bool, maxBytes: Int64) {
        self.descriptor = descriptor
        self.partial = partial
        self.request = request
        self.offset = offset
        self.rangesAllowed = rangesAllowed
        self.maxBytes = maxBytes
    }

    func didReceiveHead(task: HTTPClient.Task<Outcome>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        self.head = head
        let status = Int(head.status.code)
        guard status == 200 || status == 206 else { return task.eventLoop.makeSucceededVoidFuture() }
        do {
            if status == 200 {
                self.offset = 0  // a full body, whatever was asked
            } else if let range = head.headers.first(name: "content-range"), !range.hasPrefix("bytes \(self.offset)-") {
                throw SoraAPIError(.badResponse, "\(self.request): asked for bytes from \(self.offset), got \(range)")
            }
            self.rangesAllowed = head.headers.first(name: "accept-ranges")?.lowercased() == "bytes"
            self.expected = head.headers.first(name: "content-length").flatMap { Int64($0) }.map { $0 + self.offset }
            if let expected = self.expected, expected > self.maxBytes {
                throw SoraAPIError(.download, "\(self.request): the server claims \(expected) bytes, above the \(self.maxBytes)-byte cap")
            }
            guard ftruncate(self.descriptor, off_t(self.offset)) == 0 else { throw self.writeError() }
            return task.eventLoop.makeSucceededVoidFuture()
        } catch {
            return task.eventLoop.makeFailedFuture(error)
        }
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Outcome>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        guard let status = self.head?.status.code, status == 200 || status == 206 else {
            var part = buffer
            if let kept = part.readSlice(length: min(part.readableBytes, Self.errorBodyLimit - self.errorBody.readableBytes)) {
                self.errorBody.writeImmutableBuffer(kept)
            }
            return task.eventLoop.makeSucceededVoidFuture()
        }
        guard self.offset + Int64(buffer.readableBytes) <= self.maxBytes else {
            return task.eventLoop.makeFailedFuture(SoraAPIError(.download, "\(self.request): body passed the \(self.maxBytes)-byte cap"))
        }
        do {
            try buffer.withUnsafeReadableBytes { bytes throws(SoraAPIError) in
                var written = 0
                while written < bytes.count {
                    let count = pwrite(self.descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(self.offset))
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else { throw self.writeError() }
                    written += count
                    self.offset += Int64(count)
                }
            }
            return task.eventLoop.makeSucceededVoidFuture()
        } catch {
            return task.eventLoop.makeFailedFuture(error)
        }
    }

    func didFinishRequest(task: HTTPClient.Task<Outcome>) throws -> Outcome {
        guard let head = self.head else {
            throw SoraAPIError(.connection, "\(self.request): the connection closed before an answer")
        }
        return Outcome(status: Int(head.status.code), headers: head.headers, errorBody: self.errorBody, expected: self.expected)
    }

    /// A full disk is not a broken connection: say so, so that it is not retried.
    private func writeError() -> SoraAPIError {
        SoraAPIError(.download, "cannot write \(self.partial): \(String(cString: strerror(errno)))")
    }
}
