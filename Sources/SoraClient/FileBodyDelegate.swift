import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// Receives one download attempt: a 2xx body goes into the open `.partial` file with `pwritev`,
/// on a thread pool of the downloader's own (a write can block on a slow or full disk, and an
/// event loop must never block); any other body is kept, up to 64 KiB, for the error message.
///
/// The socket keeps being read while a write is under way: parts that arrive meanwhile are
/// kept (up to 2 MiB) and written together with one `pwritev` when it lands. Waiting for each
/// part's write before reading the next cost a third of `curl`'s throughput; the in-flight
/// write's future is the back-pressure only once that much is waiting, so memory stays
/// bounded. The parts are not copied into one buffer: a growing buffer per write came from
/// mmap, and zeroing its fresh pages made the download spend more system time than the copy.
///
/// All callbacks and write completions run on the request's event loop, one after another,
/// and the owner reads the state only after ``settled()``, which also runs there: hence
/// `@unchecked Sendable` without a lock.
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
    /// The write under way, if any; it starts the next one when it lands.
    private var writing: EventLoopFuture<Void>?
    /// Parts received while a write was under way, not yet handed to a writer.
    private var waiting: [ByteBuffer] = []
    /// The bytes in ``waiting``.
    private var waitingBytes = 0
    /// Where in the file the bytes in ``waiting`` go.
    private var dispatched: Int64
    /// Why a write failed; no later part is taken.
    private var failure: (any Error)?
    private var eventLoop: (any EventLoop)?
    /// Bytes gathered while a write is under way before reading pauses.
    private static let waitingLimit = 2 << 20
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
        self.dispatched = offset
        self.rangesAllowed = rangesAllowed
        self.maxBytes = maxBytes
    }

    func didReceiveHead(task: HTTPClient.Task<Outcome>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        self.head = head
        let status = Int(head.status.code)
        guard status == 200 || status == 206 else { return task.eventLoop.makeSucceededVoidFuture() }
        do {
            if status == 200 {
                (self.offset, self.dispatched) = (0, 0)  // a full body, whatever was asked
            } else if let range = head.headers.first(name: "content-range"), !range.hasPrefix("bytes \(self.offset)-") {
                throw SoraAPIError(.badResponse, "\(self.request): asked for bytes from \(self.offset), got \(range)")
            }
            self.rangesAllowed = head.headers.first(name: "accept-ranges")?.lowercased() == "bytes"
            self.expected = head.headers.first(name: "content-length").flatMap { Int64($0) }.map { $0 + self.offset }
            if let expected = self.expected, expected > self.maxBytes {
                throw SoraAPIError(.download, "\(self.request): the server claims \(expected) bytes, above the \(self.maxBytes)-byte cap")
            }
            // Bytes past the body's end (from an earlier attempt) are cut once the body is complete.
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
        if let failure = self.failure { return task.eventLoop.makeFailedFuture(failure) }
        guard self.dispatched + Int64(self.waitingBytes + buffer.readableBytes) <= self.maxBytes else {
            return task.eventLoop.makeFailedFuture(SoraAPIError(.download, "\(self.request): body passed the \(self.maxBytes)-byte cap"))
        }
        self.eventLoop = task.eventLoop
        guard let writing = self.writing else {
            self.write([buffer], bytes: buffer.readableBytes, on: task.eventLoop)
            return task.eventLoop.makeSucceededVoidFuture()
        }
        self.waiting.append(buffer)
        self.waitingBytes += buffer.readableBytes
        return self.waitingBytes >= Self.waitingLimit ? writing : task.eventLoop.makeSucceededVoidFuture()
    }

    /// Hands `parts` (`bytes` in all) to a writer; when it lands, what gathered meanwhile follows.
    private func write(_ parts: [ByteBuffer], bytes: Int, on loop: any EventLoop) {
        let (descriptor, start, partial) = (self.descriptor, self.dispatched, self.partial)
        self.dispatched += Int64(bytes)
        let written = Self.writers.runIfActive(eventLoop: loop) {
            try Self.write(parts, to: descriptor, at: start, partial: partial)
        }.map { written in
            self.offset = start + written
            self.writing = nil
            if !self.waiting.isEmpty {
                let (next, bytes) = (self.waiting, self.waitingBytes)
                (self.waiting, self.waitingBytes) = ([], 0)
                self.write(next, bytes: bytes, on: loop)
            }
        }
        written.whenFailure { error in
            self.failure = error
            self.writing = nil
        }
        self.writing = written
    }

    /// Waits until every byte received is written, so that ``offset`` counts them all: call
    /// once the request has ended, whichever way. Throws what made a write fail (a full disk).
    func settled() async throws {
        guard let loop = self.eventLoop else { return }
        try await loop.flatSubmit { self.drained(on: loop) }.get()
    }

    private func drained(on loop: any EventLoop) -> EventLoopFuture<Void> {
        if let failure = self.failure { return loop.makeFailedFuture(failure) }
        guard let writing = self.writing else { return loop.makeSucceededVoidFuture() }
        return writing.flatMap { self.drained(on: loop) }
    }

    /// Cuts the file at `length` (an earlier attempt may have written further), off the caller's
    /// thread, like the writes.
    static func truncate(_ descriptor: Int32, to length: Int64, partial: String) async throws {
        try await Self.writers.runIfActive {
            guard ftruncate(descriptor, off_t(length)) == 0 else { throw Self.writeError(partial) }
        }
    }

    /// Threads for the body writes: their own, so downloads never wait behind media work on
    /// NIO's shared pool. Two suffice (writes land in the page cache); they live as long as the process.
    private static let writers: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    /// Writes all of `parts`, one after another, at `offset` with `pwritev`; the bytes written.
    private static func write(_ parts: [ByteBuffer], to descriptor: Int32, at offset: Int64, partial: String) throws -> Int64 {
        // The parts' bytes, pinned for the calls below (NIO's storage management API: the
        // pointers outlive the closures that hand them out, so each storage is retained).
        var vectors: [iovec] = []
        vectors.reserveCapacity(parts.count)
        var storages: [Unmanaged<AnyObject>] = []
        storages.reserveCapacity(parts.count)
        defer { for storage in storages { storage.release() } }
        for part in parts where part.readableBytes > 0 {
            part.withUnsafeReadableBytesWithStorageManagement { bytes, storage in
                storages.append(storage.retain())
                vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count))
            }
        }
        var (written, first) = (0, 0)
        while first < vectors.count {
            let count = vectors.withUnsafeBufferPointer { all in
                pwritev(descriptor, all.baseAddress! + first, Int32(min(all.count - first, Self.vectorsPerCall)), off_t(offset) + off_t(written))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Self.writeError(partial) }
            written += count
            // Skips the parts written whole and moves into the one written in part.
            var left = count
            while left > 0, first < vectors.count {
                let length = vectors[first].iov_len
                if left >= length {
                    left -= length
                    first += 1
                } else {
                    vectors[first].iov_base += left
                    vectors[first].iov_len -= left
                    left = 0
                }
            }
        }
        return Int64(written)
    }

    /// `IOV_MAX` on Linux: the most parts one `pwritev` takes.
    private static let vectorsPerCall = 1024

    func didFinishRequest(task: HTTPClient.Task<Outcome>) throws -> Outcome {
        guard let head = self.head else {
            throw SoraAPIError(.connection, "\(self.request): the connection closed before an answer")
        }
        return Outcome(status: Int(head.status.code), headers: head.headers, errorBody: self.errorBody, expected: self.expected)
    }

    /// A full disk is not a broken connection: say so, so that it is not retried.
    private static func writeError(_ partial: String) -> SoraAPIError {
        SoraAPIError(.download, "cannot write \(partial): \(String(cString: strerror(errno)))")
    }
}
