import AsyncHTTPClient
import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// What a failed HTTP exchange means: the reason in plain words, and whether the request may
/// have reached the service. A refused or never-made connection means the service saw nothing,
/// so even a create may be sent again; a lost answer (timeout, closed connection) does not.
struct ConnectionFailure: Sendable {
    /// Whether the request may have reached the service.
    var mayHaveArrived: Bool
    /// The reason, e.g. `cannot connect to 127.0.0.1:9 (connection refused)`.
    var reason: String

    init(_ error: any Error, origin: Origin, timeout: TimeAmount) {
        let address = "\(origin.host):\(origin.port)"
        let seconds = Self.seconds(timeout)
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout:
                self.init(false, "cannot connect to \(address) (no connection within the connect timeout)")
            case .tlsHandshakeTimeout:
                self.init(false, "cannot connect to \(address) (the TLS handshake timed out)")
            case .readTimeout, .deadlineExceeded:
                self.init(true, "no answer from \(address) within \(seconds) s")
            case .writeTimeout:
                self.init(true, "sending the request to \(address) timed out")
            case .remoteConnectionClosed:
                self.init(true, "\(address) closed the connection before the answer was complete")
            case .invalidURL, .emptyHost, .emptyScheme:
                self.init(false, "the endpoint URL is not a valid http(s) URL")
            default:
                self.init(true, "the exchange with \(address) failed (\(error.shortDescription))")
            }
        case let error as IOError:
            self.init(errno: error.errnoCode, address: address)
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil {
                self.init(false, "cannot connect to \(address) (the host name does not resolve)")
            } else if let first = error.connectionErrors.first?.error as? IOError {
                self.init(errno: first.errnoCode, address: address)
            } else {
                self.init(false, "cannot connect to \(address)")
            }
        case is ChannelError:
            self.init(true, "the connection to \(address) failed")
        default:
            self.init(true, "the exchange with \(address) failed")
        }
    }

    private init(_ mayHaveArrived: Bool, _ reason: String) {
        self.mayHaveArrived = mayHaveArrived
        self.reason = reason
    }

    private init(errno code: CInt, address: String) {
        switch code {
        case ECONNREFUSED: self.init(false, "cannot connect to \(address) (connection refused)")
        case ENETUNREACH: self.init(false, "cannot connect to \(address) (network unreachable)")
        case EHOSTUNREACH: self.init(false, "cannot connect to \(address) (host unreachable)")
        case EADDRNOTAVAIL: self.init(false, "cannot connect to \(address) (address not available)")
        case ETIMEDOUT: self.init(true, "the connection to \(address) timed out")
        case ECONNRESET: self.init(true, "\(address) reset the connection")
        case EPIPE: self.init(true, "\(address) closed the connection while the request was being sent")
        default: self.init(true, "the connection to \(address) failed (\(String(cString: strerror(code)).lowercased()))")
        }
    }

    private static func seconds(_ amount: TimeAmount) -> String {
        let value = Double(amount.nanoseconds) / 1e9
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
