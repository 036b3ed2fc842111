import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SoraAPI

/// An error answer in the shape the real services use: the `{"error": {...}}` envelope by
/// default, or Azure's declared flat shape behind a switch.
struct EmulatorError: Error {
    var status: HTTPResponse.Status
    var body: APIErrorBody
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String, type: String = "invalid_request_error", param: String? = nil, code: String? = nil) {
        self.status = status
        self.body = APIErrorBody(message: message, type: type, param: param, code: code)
    }

    static func notFound(_ what: String) -> EmulatorError {
        EmulatorError(.notFound, "\(what) not found", type: "invalid_request_error", code: "not_found")
    }

    static func invalid(_ problem: RequestProblem) -> EmulatorError {
        EmulatorError(.badRequest, problem.message, param: problem.param, code: "invalid_value")
    }

    func response(shape: EmulatorConfiguration.ErrorShape) -> Response {
        let encoder = JSONEncoder()
        let data = (shape == .envelope ? try? encoder.encode(APIErrorBody.Envelope(error: self.body)) : try? encoder.encode(self.body)) ?? Data()
        var headers = self.headers
        headers[.contentType] = "application/json"
        return Response(status: self.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// JSON answers.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value))))
    }
}

extension HTTPField.Name {
    static let apiKey = HTTPField.Name("api-key")!
    static let requestID = HTTPField.Name("apim-request-id")!
    static let pollAfter = HTTPField.Name("openai-poll-after-ms")!
}
