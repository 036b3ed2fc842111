/// Why a request would be refused, found before it is sent (client) or when it arrives
/// (emulator), with the parameter at fault and a message that says what is allowed.
public struct RequestProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var param: String
    public var message: String

    public init(param: String, message: String) {
        self.param = param
        self.message = message
    }

    public var description: String { self.message }
}
