import Foundation

/// A `multipart/form-data` body: text fields and file parts, each file with a file name and a
/// content type, which is what the APIs need to accept `input_reference` and `files`.
struct MultipartForm {
    let boundary = "sorareel-\(UUID().uuidString)"
    private var data = Data()

    mutating func field(_ name: String, _ value: String) {
        self.data.append(Data("--\(self.boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quote(name))\"\r\n\r\n\(value)\r\n".utf8))
    }

    mutating func file(_ name: String, fileName: String, contentType: String, bytes: Data) {
        self.data.append(
            Data(
                "--\(self.boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quote(name))\"; filename=\"\(Self.quote(fileName))\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8
            )
        )
        self.data.append(bytes)
        self.data.append(Data("\r\n".utf8))
    }

    var body: HTTPTransport.Body {
        var bytes = self.data
        bytes.append(Data("--\(self.boundary)--\r\n".utf8))
        return HTTPTransport.Body(bytes: bytes, contentType: "multipart/form-data; boundary=\(self.boundary)")
    }

    private static func quote(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "")
    }
}
