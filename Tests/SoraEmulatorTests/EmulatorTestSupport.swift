import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SoraEmulator

/// Runs the emulator on Hummingbird's router test framework with a clock the test moves.
enum EmulatorTest {
    static let auth: HTTPFields = [HTTPField.Name("api-key")!: "k", .contentType: "application/json"]

    static func run<T: Sendable>(
        _ configuration: EmulatorConfiguration = EmulatorConfiguration(port: 0, createsPerMinute: 0),
        clock: ManualClock = ManualClock(),
        _ body: @Sendable (any TestClientProtocol, ManualClock) async throws -> T
    ) async throws -> T {
        let app = try buildEmulatorApplication(configuration: configuration, clock: clock)
        return try await app.test(.router) { client in try await body(client, clock) }
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        let data = Data(response.body.readableBytesView)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// The `error` object of an envelope answer.
    static func error(_ response: TestResponse) throws -> [String: Any] {
        try Self.json(response)["error"] as? [String: Any] ?? [:]
    }

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// Polls `uri` (moving the clock `step` seconds each time) until `status` is one of `until`.
    static func poll(
        _ client: any TestClientProtocol, _ clock: ManualClock, _ uri: String, until: Set<String>, step: Double = 5
    ) async throws -> [String: Any] {
        let waitUntil = ContinuousClock.now.advanced(by: .seconds(90))
        while ContinuousClock.now < waitUntil {
            let object = try await client.execute(uri: uri, method: .get, headers: Self.auth) { try Self.json($0) }
            if let status = object["status"] as? String, until.contains(status) { return object }
            clock.advance(by: step)
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CancellationError()
    }
}
