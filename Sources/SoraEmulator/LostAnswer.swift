import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// How an answer is lost after the emulator acted (``EmulatorFault/lostCreate``,
/// ``EmulatorFault/lostDelete``): a 5xx in place of the real answer, or the real answer's
/// headers followed by a closed connection.
enum LostAnswer: CaseIterable, Sendable {
    case internalServerError, badGateway, serviceUnavailable, dropped

    /// What the client receives instead of `response`.
    func replacing(_ response: Response, shape: EmulatorConfiguration.ErrorShape) -> Response {
        switch self {
        case .internalServerError:
            EmulatorError(.internalServerError, "The server had an error while processing your request. Sorry about that!", type: "server_error")
                .response(shape: shape)
        case .badGateway:
            EmulatorError(.badGateway, "Bad gateway.", type: "server_error").response(shape: shape)
        case .serviceUnavailable:
            EmulatorError(.serviceUnavailable, "The service is temporarily unavailable. Please try again later.", type: "server_error")
                .response(shape: shape)
        case .dropped:
            Self.dropped(response)
        }
    }

    /// The status line and headers, a few bytes of body, then the connection closes.
    private static func dropped(_ response: Response) -> Response {
        var headers = response.headers
        headers[.contentLength] = "4096"
        return Response(
            status: response.status, headers: headers,
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: "{\"id\":"))
                // Throwing mid-body closes the connection, as a proxy dying would.
                throw CancellationError()
            }
        )
    }
}
