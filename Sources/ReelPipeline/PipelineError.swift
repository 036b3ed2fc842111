/// Why a run could not go on, in one line.
public struct PipelineError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Another run holds the output folder.
        public static let locked = Code(rawValue: "locked")
        /// Reading or writing the output folder failed (full disk, permissions).
        public static let io = Code(rawValue: "io")
        /// The journal could not be read or written.
        public static let journal = Code(rawValue: "journal")
        /// The work would pass the budget, so it was not started.
        public static let budget = Code(rawValue: "budget")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { self.message }
}
