import Foundation
import SoraAPI
import Yams

/// A deployments file (YAML):
///
/// ```yaml
/// deployments:
///   - {name: eu, api: azure, endpoint: https://eu.openai.azure.com, key_env: AZURE_KEY_EU, model: sora, max_running: 2, requests_per_minute: 60}
/// ```
public enum DeploymentsFile {
    struct Root: Decodable {
        var deployments: [Deployment]
    }

    /// Reads and checks the file.
    /// - Throws: ``QueueError`` naming the file, the deployment and the field.
    public static func read(path: String) throws -> [Deployment] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw QueueError("\(path): cannot read the deployments file")
        }
        return try Self.parse(text, path: path)
    }

    static func parse(_ text: String, path: String) throws -> [Deployment] {
        let root: Root
        do {
            root = try YAMLDecoder().decode(Root.self, from: text)
        } catch let error as DecodingError {
            throw QueueError("\(path): \(Self.describe(error))")
        } catch {
            throw QueueError("\(path): not a deployments file: \(error)")
        }
        guard !root.deployments.isEmpty else { throw QueueError("\(path): deployments: lists none") }
        var names = Set<String>()
        for (index, deployment) in root.deployments.enumerated() {
            let at = "\(path): deployments[\(index)] (\(deployment.name))"
            guard !deployment.name.isEmpty, names.insert(deployment.name).inserted else {
                throw QueueError("\(at): name: must be non-empty and unique")
            }
            guard let url = URL(string: deployment.endpoint), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
                throw QueueError("\(at): endpoint: \"\(deployment.endpoint)\" is not an http(s) URL")
            }
            guard (1...100).contains(deployment.maxRunning) else { throw QueueError("\(at): max_running: \(deployment.maxRunning) is outside 1...100") }
            guard (1...100_000).contains(deployment.requestsPerMinute) else {
                throw QueueError("\(at): requests_per_minute: \(deployment.requestsPerMinute) is outside 1...100000")
            }
            guard !deployment.model.isEmpty else { throw QueueError("\(at): model: must be non-empty") }
            let credentials = [deployment.keyEnv != nil, deployment.tokenEnv != nil, deployment.entra != nil].filter { $0 }.count
            guard credentials <= 1 else { throw QueueError("\(at): give one of key_env, token_env and entra, not several") }
        }
        return root.deployments
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop(while: { $0 == "." }).description
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)).\(key.stringValue): is required".replacingOccurrences(of: "^\\.", with: "", options: .regularExpression)
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
