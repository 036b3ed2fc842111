import Foundation
import ReelQueue
import SoraAPI
import TestSupport
import Testing

/// The deployments file: defaults, credentials named by environment variable, and one-line
/// errors that name the file, the deployment and the field.
struct DeploymentsFileTests {
    func write(_ text: String) throws -> String {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("deployments.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aFileReadsWithDefaults() throws {
        let path = try self.write(
            """
            deployments:
              - {name: eu, api: azure, endpoint: https://eu.example.com, key_env: AZURE_KEY_EU, model: sora, max_running: 2, requests_per_minute: 60}
              - name: us
                endpoint: https://us.example.com
                entra: {tenant_id: t, client_id: c, client_secret_env: US_SECRET}
            """
        )
        let deployments = try DeploymentsFile.read(path: path)
        #expect(deployments.map(\.name) == ["eu", "us"])
        #expect(deployments[0].keyEnv == "AZURE_KEY_EU")
        #expect(deployments[1].api == .azure)
        #expect(deployments[1].model == "sora")
        #expect(deployments[1].maxRunning == 2)
        #expect(deployments[1].requestsPerMinute == 60)
        #expect(deployments[1].entra?.clientSecretEnv == "US_SECRET")
    }

    @Test(arguments: [
        ("deployments:\n  - {name: a, endpoint: ftp://x, model: sora}", "deployments[0] (a): endpoint: \"ftp://x\" is not an http(s) URL"),
        ("deployments:\n  - {name: a, endpoint: https://x, max_running: 0}", "deployments[0] (a): max_running: 0 is outside 1...100"),
        ("deployments:\n  - {name: a, endpoint: https://x}\n  - {name: a, endpoint: https://y}", "deployments[1] (a): name: must be non-empty and unique"),
        ("deployments:\n  - {name: a, endpoint: https://x, key_env: K, token_env: T}", "give one of key_env, token_env and entra"),
        ("deployments:\n  - {endpoint: https://x}", "name"),
    ])
    func mistakesAreNamed(_ text: String, _ expected: String) throws {
        let path = try self.write(text)
        let error = try #require(throws: QueueError.self) { try DeploymentsFile.read(path: path) }
        #expect(error.description.hasPrefix(path + ": "))
        #expect(error.description.contains(expected), "\(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test func aMissingKeyIsNamedNotShown() throws {
        let deployment = Deployment(name: "eu", api: .azure, endpoint: "https://eu.example.com", keyEnv: "AZURE_KEY_EU", model: "sora")
        let error = try #require(throws: QueueError.self) { try DeploymentClients.check([deployment], environment: [:]) }
        #expect(error.description == "deployment eu: the environment variable AZURE_KEY_EU is not set")
    }

    @Test func theQueuePasswordIsNeverPrinted() async throws {
        // Nothing listens on port 1: the error names the queue without its password.
        let error = await #expect(throws: QueueError.self) {
            try await QueueDatabase.open("postgres://reel:s3cret-pass@127.0.0.1:1/queue?sslmode=disable")
        }
        let text = try #require(error).description
        #expect(text.hasPrefix("postgres://reel@127.0.0.1:1/queue: "), "\(text)")
        #expect(!text.contains("s3cret"))
    }
}
