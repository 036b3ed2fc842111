import Logging

/// The built-in emulator, started in this process on a loopback port when no endpoint is configured.
struct EmbeddedEmulator: Sendable {
    static let apiKey = "sorareel-emulator"
    var baseURL: String

    static func start(logger: Logger) async throws -> EmbeddedEmulator {
        throw CleanExit.message("no Sora endpoint is configured (set AZURE_OPENAI_ENDPOINT or OPENAI_API_KEY)")
    }

    func stop() async {}
}

import ArgumentParser
