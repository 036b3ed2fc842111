import Foundation
import Hummingbird
import NIOCore

/// A request body read within the size cap, as JSON fields or multipart form.
enum RequestBody {
    case json([String: Any], Data)
    case form(MultipartForm)

    static func read(_ request: Request, limit: Int) async throws -> RequestBody {
        let buffer = try await request.body.collect(upTo: limit)
        if let boundary = MultipartForm.boundary(contentType: request.headers[.contentType]) {
            guard let form = MultipartForm(buffer, boundary: boundary) else {
                throw EmulatorError(.badRequest, "The multipart body could not be parsed.")
            }
            return .form(form)
        }
        let data = Data(buffer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: data), let fields = object as? [String: Any] else {
            throw EmulatorError(
                .badRequest,
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"
            )
        }
        return .json(fields, data)
    }
}
