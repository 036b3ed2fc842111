import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Serves a rendered file as the real content endpoints do: `Content-Length`, `Accept-Ranges`,
/// `Last-Modified`, byte ranges (206/416), `HEAD`, and the delivery faults (drop, truncate, slow).
struct ContentResponder {
    let store: JobStore

    func respond(file path: String, contentType: String, request: Request, context: some RequestContext, modified: Double) async throws -> Response {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = (attributes[.size] as? NSNumber)?.intValue, size > 0 else {
            throw EmulatorError.notFound("content")
        }
        var headers: HTTPFields = [
            .contentType: contentType, .acceptRanges: "bytes", .lastModified: Self.httpDate(modified),
        ]
        var range = 0...(size - 1)
        var status = HTTPResponse.Status.ok
        if let header = request.headers[.range] {
            guard let requested = Self.parseRange(header, size: size) else {
                var error = EmulatorError(.rangeNotSatisfiable, "The requested range \(header) is not satisfiable for \(size) bytes.")
                error.headers[.contentRange] = "bytes */\(size)"
                throw error
            }
            range = requested
            status = .partialContent
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
        }
        headers[.contentLength] = String(range.count)
        if request.method == .head {
            return Response(status: status, headers: headers)
        }
        let fault = await self.deliveryFault()
        guard let fault else {
            let body = try await FileIO().loadFile(path: path, range: range, context: context)
            return Response(status: status, headers: headers, body: body)
        }
        return Response(status: status, headers: headers, body: Self.faultyBody(path: path, range: range, fault: fault))
    }

    private func deliveryFault() async -> EmulatorFault? {
        for fault in [EmulatorFault.drop, .truncate, .slow] where await self.store.strikes(fault) {
            return fault
        }
        return nil
    }

    /// A body that breaks the way the fault says: closes partway (drop), closes just before
    /// the end (truncate), or trickles (slow).
    static func faultyBody(path: String, range: ClosedRange<Int>, fault: EmulatorFault) -> ResponseBody {
        ResponseBody { writer in
            guard let handle = FileHandle(forReadingAtPath: path) else { throw EmulatorError.notFound("content") }
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(range.lowerBound))
            let total = range.count
            let stopAt =
                switch fault {
                case .drop: total / 2
                case .truncate: max(0, total - 1024)
                default: total
                }
            let chunk = fault == .slow ? 16 * 1024 : 64 * 1024
            var sent = 0
            while sent < stopAt {
                let data = try handle.read(upToCount: min(chunk, stopAt - sent)) ?? Data()
                if data.isEmpty { break }
                try await writer.write(ByteBuffer(bytes: data))
                sent += data.count
                if fault == .slow { try await Task.sleep(for: .milliseconds(20)) }
            }
            if sent < total {
                // Closing the connection mid-body is how a real drop looks to the client.
                throw CancellationError()
            }
            try await writer.finish(nil)
        }
    }

    /// `bytes=A-B`, `bytes=A-` or `bytes=-N`, clamped; `nil` when unsatisfiable.
    static func parseRange(_ header: String, size: Int) -> ClosedRange<Int>? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard spec.count == 2 else { return nil }
        if spec[0].isEmpty {
            guard let suffix = Int(spec[1]), suffix > 0 else { return nil }
            return max(0, size - suffix)...(size - 1)
        }
        guard let start = Int(spec[0]), start < size else { return nil }
        let end = spec[1].isEmpty ? size - 1 : min(size - 1, Int(spec[1]) ?? -1)
        return end >= start ? start...end : nil
    }

    static func httpDate(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }
}
