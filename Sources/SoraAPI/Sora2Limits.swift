/// The documented limits of the Sora 2 `/videos` API.
public enum Sora2Limits {
    /// `seconds` is a string enum.
    public static let seconds = ["4", "8", "12"]
    public static let standardSizes = ["720x1280", "1280x720"]
    public static let proSizes = ["720x1280", "1280x720", "1024x1792", "1792x1024"]
    public static let defaultSeconds = "4"
    public static let defaultSize = "720x1280"
    public static let defaultModel = "sora-2"
    public static let maxPromptLength = 32_000

    /// Sizes a model may render: the `-pro` models all four, the others the two 720p sizes.
    /// On Azure `model` is a deployment name; one containing "pro" is taken as a pro model.
    public static func sizes(for model: String) -> [String] {
        model.lowercased().contains("pro") ? Self.proSizes : Self.standardSizes
    }

    /// The first problem with a create request, or `nil` when the service would accept it.
    public static func problem(prompt: String, model: String?, seconds: String?, size: String?) -> RequestProblem? {
        if prompt.isEmpty || prompt.count > Self.maxPromptLength {
            return RequestProblem(param: "prompt", message: "prompt must be 1 to \(Self.maxPromptLength) characters")
        }
        if let seconds, !Self.seconds.contains(seconds) {
            return RequestProblem(
                param: "seconds",
                message: "Invalid value for 'seconds': expected one of '4', '8', or '12', got '\(seconds)'."
            )
        }
        let model = model ?? Self.defaultModel
        if let size, !Self.sizes(for: model).contains(size) {
            return RequestProblem(
                param: "size",
                message: "Invalid value for 'size': \(model) supports \(Self.sizes(for: model).joined(separator: ", ")), got '\(size)'."
            )
        }
        return nil
    }
}
