import MediaKit

/// `{"code": "...", "message": "..."}`: a ``MediaError`` in a JSON document (the path is beside it).
struct ErrorBody: Encodable {
    var code: String
    var message: String

    init(_ error: MediaError) {
        self.code = error.code.rawValue
        self.message = error.message
    }
}
