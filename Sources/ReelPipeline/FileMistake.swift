/// A mistake in a file SoraReel reads (a storyboard, a policy file), pointing at its line and
/// field: `board.yaml:14: shots[3].seconds: 25 is above the maximum of 20 for sora`.
public struct FileMistake: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    /// 1-based; `nil` when the mistake has no single place (a missing file).
    public var line: Int?
    /// The field, as a path: `shots[3].seconds`.
    public var field: String?
    public var message: String

    public init(path: String, line: Int?, field: String?, _ message: String) {
        self.path = path
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = self.path
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "\(field): " }
        return text + self.message
    }
}
