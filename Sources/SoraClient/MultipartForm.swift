import Foundation
import MultipartKit
import NIOCore
import NIOHTTP1

/// A `multipart/form-data` body (MultipartKit's serializer): text fields and file parts, each
/// file with a file name and a content type, which is what the APIs need to accept
/// `input_reference` and `files`.
struct MultipartForm {
    let boundary = "sorareel-\(UUID().uuidString)"
    private var parts: [MultipartPart] = []

    mutating func field(_ name: String, _ value: String) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Disposition", value: "form-data; name=\"\(Self.quote(name))\"")
        self.parts.append(MultipartPart(headers: headers, body: value))
    }

    mutating func file(_ name: String, fileName: String, contentType: String, bytes: Data) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Disposition", value: "form-data; name=\"\(Self.quote(name))\"; filename=\"\(Self.quote(fileName))\"")
        headers.add(name: "Content-Type", value: contentType)
        self.parts.append(MultipartPart(headers: headers, body: ByteBuffer(bytes: bytes)))
    }

    var body: HTTPTransport.Body {
        get throws {
            var buffer = ByteBuffer()
            try MultipartSerializer().serialize(parts: self.parts, boundary: self.boundary, into: &buffer)
            return HTTPTransport.Body(bytes: Data(buffer.readableBytesView), contentType: "multipart/form-data; boundary=\(self.boundary)")
        }
    }

    private static func quote(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "")
    }
}
