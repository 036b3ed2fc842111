import PostgresNIO

/// A queue failure in one line: what and why. Never holds a password or key.
public struct QueueError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    /// The server's own words for a PostgreSQL error (`relation "x" does not exist`,
    /// `connection refused`), without the query dump PostgresNIO adds.
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] { return message }
            if let underlying = error.underlying { return "\(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }
}
