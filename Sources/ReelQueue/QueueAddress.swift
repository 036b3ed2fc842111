import Foundation
import NIOSSL
import PostgresNIO

/// A queue's `postgres://` URL, read into a client configuration. The password, when the URL
/// has one, stays out of ``display``.
struct QueueAddress: Sendable {
    var configuration: PostgresClient.Configuration
    /// The same, for one connection: tried once first, so that a wrong address fails at once
    /// (the pool would keep trying).
    var probe: PostgresConnection.Configuration
    /// `postgres://user@host:port/database`: what messages name.
    var display: String

    init(_ url: String) throws {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()) else {
            throw QueueError("the queue address must be a postgres:// URL (postgres://user@host:port/database)")
        }
        let host = parts.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        let port = parts.port ?? 5432
        let user = parts.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        let password = parts.password.flatMap { $0.removingPercentEncoding }
        var database = String(parts.path.drop(while: { $0 == "/" }))
        if database.isEmpty { database = user }
        let query = Dictionary((parts.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let tls: PostgresClient.Configuration.TLS
        let probeTLS: PostgresConnection.Configuration.TLS
        do {
            switch query["sslmode"] ?? "prefer" {
            case "disable":
                (tls, probeTLS) = (.disable, .disable)
            case "prefer", "allow":
                (tls, probeTLS) = (.prefer(.makeClientConfiguration()), .prefer(try NIOSSLContext(configuration: .makeClientConfiguration())))
            case "require", "verify-ca", "verify-full":
                (tls, probeTLS) = (.require(.makeClientConfiguration()), .require(try NIOSSLContext(configuration: .makeClientConfiguration())))
            case let other:
                throw QueueError("the queue address has sslmode=\(other): use disable, prefer or require")
            }
        } catch let error as QueueError {
            throw error
        } catch {
            throw QueueError("cannot set up TLS for the queue: \(error)")
        }
        self.probe = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: probeTLS)
        self.configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        self.configuration.options.maximumConnections = 8
        self.display = "postgres://\(user)@\(host):\(port)/\(database)"
    }
}
