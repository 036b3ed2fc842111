import Foundation
import MultipartKit
import NIOCore

/// A parsed `multipart/form-data` body (MultipartKit's parser): text fields and file parts with
/// their file names.
struct MultipartForm {
    struct Part {
        var name: String
        var fileName: String?
        var contentType: String?
        var data: Data
    }

    var parts: [Part]

    func field(_ name: String) -> String? {
        self.parts.first { $0.name == name && $0.fileName == nil }.map { String(decoding: $0.data, as: UTF8.self) }
    }

    func files(_ name: String) -> [Part] {
        self.parts.filter { $0.name == name && $0.fileName != nil }
    }

    /// The boundary of a `multipart/form-data` content type, if it is one.
    static func boundary(contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// Parses `body`; `nil` when it is not well-formed multipart data.
    init?(_ body: ByteBuffer, boundary: String) {
        let parser = MultipartParser(boundary: boundary)
        var parts: [MultipartPart] = []
        var current = MultipartPart(body: ByteBuffer())
        parser.onHeader = { name, value in current.headers.add(name: name, value: value) }
        parser.onBody = { chunk in current.body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(current)
            current = MultipartPart(body: ByteBuffer())
        }
        do {
            try parser.execute(body)
        } catch {
            return nil
        }
        guard !parts.isEmpty else { return nil }
        self.parts = parts.map { part in
            let disposition = part.headers.first(name: "content-disposition") ?? ""
            return Part(
                name: Self.parameter("name", in: disposition) ?? "", fileName: Self.parameter("filename", in: disposition),
                contentType: part.headers.first(name: "content-type"), data: Data(part.body.readableBytesView)
            )
        }
    }

    /// A parameter of a `Content-Disposition` value (`form-data; name="x"; filename="y.png"`).
    private static func parameter(_ name: String, in value: String) -> String? {
        for item in value.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}
