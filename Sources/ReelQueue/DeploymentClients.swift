import AsyncHTTPClient
public import Foundation
public import Logging
import SoraAPI
public import SoraClient

/// Clients for deployments listed in a file, each authenticated with the credential its
/// environment variable names (a key, a bearer token, or Entra ID client credentials, or
/// the Azure CLI when none is named). The secrets are read here and go nowhere else.
public actor DeploymentClients: DeploymentClientSource {
    private let environment: [String: String]
    private let tune: @Sendable (inout SoraClientConfiguration) -> Void
    private let logger: Logger
    private var clients: [String: SoraClient] = [:]

    /// - Parameter tune: adjusts each configuration (poll intervals, notices) before use.
    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger = Logger(label: "sorareel.worker"),
        tune: @escaping @Sendable (inout SoraClientConfiguration) -> Void = { _ in }
    ) {
        self.environment = environment
        self.tune = tune
        self.logger = logger
    }

    /// Checks that every credential the deployments name is set, before any work is taken.
    /// - Throws: ``QueueError`` naming the deployment and the missing variable.
    public static func check(_ deployments: [Deployment], environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        for deployment in deployments {
            let names = [deployment.keyEnv, deployment.tokenEnv, deployment.entra?.clientSecretEnv].compactMap { $0 }
            for name in names where (environment[name] ?? "").isEmpty {
                throw QueueError("deployment \(deployment.name): the environment variable \(name) is not set")
            }
            if names.isEmpty, deployment.api == .openai {
                throw QueueError("deployment \(deployment.name): an openai deployment needs key_env or token_env")
            }
        }
    }

    public func client(for deployment: Deployment, model: String) async throws -> SoraClient {
        let model = deployment.model == "*" ? model : deployment.model
        let key = "\(deployment.name)/\(model)"
        if let client = self.clients[key] { return client }
        var configuration = SoraClientConfiguration(
            endpoint: SoraEndpoint(
                api: deployment.api, baseURL: Self.baseURL(deployment), apiVersion: deployment.api == .azure ? "preview" : nil,
                credential: try self.credential(deployment), model: model
            ),
            maxRunningJobs: deployment.maxRunning
        )
        self.tune(&configuration)
        let client = try SoraClient(configuration: configuration, logger: self.logger)
        self.clients[key] = client
        return client
    }

    /// Closes every client's connections.
    public func shutdown() async {
        for client in self.clients.values { try? await client.shutdown() }
        self.clients = [:]
    }

    /// Azure resources are reached below `/openai/v1`; OpenAI-style endpoints are their `/v1` base.
    static func baseURL(_ deployment: Deployment) -> String {
        var base = deployment.endpoint
        while base.hasSuffix("/") { base.removeLast() }
        if deployment.api == .azure, !base.hasSuffix("/openai/v1") { base += "/openai/v1" }
        return base
    }

    private func credential(_ deployment: Deployment) throws -> Credential {
        let value = { (name: String) throws -> String in
            guard let value = self.environment[name], !value.isEmpty else {
                throw QueueError("deployment \(deployment.name): the environment variable \(name) is not set")
            }
            return value
        }
        if let name = deployment.keyEnv {
            let key = try value(name)
            return deployment.api == .azure ? .apiKey(key) : .bearer(key)
        }
        if let name = deployment.tokenEnv { return .bearer(try value(name)) }
        if let entra = deployment.entra {
            return .tokens(
                ClientCredentialsTokenProvider(
                    tenantID: entra.tenantID, clientID: entra.clientID, clientSecret: try value(entra.clientSecretEnv), httpClient: .shared
                )
            )
        }
        guard deployment.api == .azure else {
            throw QueueError("deployment \(deployment.name): an openai deployment needs key_env or token_env")
        }
        return .tokens(AzureCLITokenProvider())
    }
}
