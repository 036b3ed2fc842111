/// A size written `WIDTHxHEIGHT`, as the Sora 2 `size` field and the emulator read it.
public struct PixelSize: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Parses `1280x720`; `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let width = parts[0], let height = parts[1], width > 0, height > 0 else { return nil }
        self.init(width: width, height: height)
    }

    public var description: String { "\(self.width)x\(self.height)" }
}
