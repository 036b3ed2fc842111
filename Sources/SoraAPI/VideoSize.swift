/// A picture size in pixels, written `WIDTHxHEIGHT`: the Videos API's `size` field, the sizes a
/// model makes, a storyboard's sizes, the size a clip is checked and a reel is made at. The one
/// size type of the package (MediaKit builds on it too).
public struct VideoSize: Sendable, Hashable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Parses `1280x720` (or `1280X720`); `nil` for anything else, including zero or negative sizes.
    public init?(_ description: String) {
        let parts = description.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
            return nil
        }
        self.init(width: width, height: height)
    }

    public var description: String { "\(self.width)x\(self.height)" }
}
