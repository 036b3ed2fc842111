import Foundation
import HTTPTypes
import Hummingbird

/// Checks credentials, `api-version`, injects status faults, and turns ``EmulatorError`` into
/// the configured error shape. Every answer carries a request id, as Azure's do.
struct EmulatorMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let configuration: EmulatorConfiguration
    let store: JobStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        var response: Response
        do {
            try self.authenticate(request)
            if request.uri.path.hasPrefix("/openai/"), let version = request.uri.queryParameters.get("api-version"),
                !["preview", "v1"].contains(version)
            {
                throw EmulatorError(.badRequest, "Unsupported api-version \(version). Supported versions are preview and v1.", param: "api-version")
            }
            // Without status faults configured, no request pays for drawing them. The emulator's
            // own stats are not part of the API and never fail.
            if self.hasStatusFaults, !request.uri.path.hasPrefix("/emulator/"), let fault = await self.statusFault() {
                throw fault
            }
            response = try await next(request, context)
        } catch let error as EmulatorError {
            response = error.response(shape: self.configuration.errorShape)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            response = EmulatorError(.contentTooLarge, "The request body is larger than \(self.configuration.maxBodyBytes) bytes.").response(
                shape: self.configuration.errorShape)
        }
        response.headers[.requestID] = requestID
        response.headers[HTTPField.Name("x-request-id")!] = requestID
        return response
    }

    private var hasStatusFaults: Bool {
        self.configuration.faults.contains { $0.key.isStatus && $0.value > 0 }
    }

    private func authenticate(_ request: Request) throws {
        let key =
            request.headers[.apiKey]
            ?? request.headers[.authorization].flatMap { value in
                value.lowercased().hasPrefix("bearer ") ? String(value.dropFirst(7)) : nil
            }
        guard let key, !key.isEmpty, self.configuration.apiKeys.map({ $0.contains(key) }) ?? true else {
            var error = EmulatorError(
                .unauthorized,
                "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
                type: "invalid_request_error", code: "401"
            )
            error.headers[.wwwAuthenticate] = "Bearer"
            throw error
        }
    }

    private func statusFault() async -> EmulatorError? {
        if await self.store.strikes(.tooManyRequests) {
            var error = EmulatorError(.tooManyRequests, "Rate limit is exceeded. Try again in 1 seconds.", type: "rate_limit_error", code: "429")
            error.headers[.retryAfter] = "1"
            return error
        }
        if await self.store.strikes(.internalServerError) {
            return EmulatorError(.internalServerError, "The server had an error while processing your request. Sorry about that!", type: "server_error")
        }
        if await self.store.strikes(.serviceUnavailable) {
            return EmulatorError(.serviceUnavailable, "The service is temporarily unavailable. Please try again later.", type: "server_error")
        }
        return nil
    }
}
