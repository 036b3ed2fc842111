/// The Sora 2 `/videos` API's create checks, as the service words them. The rules are
/// ``ModelLimits/sora2(model:pro:)``'s; a model the catalog does not know is not checked here.
public enum Sora2Limits {
    public static let maxPromptLength = ModelLimits.promptLengthGuard

    /// The first problem with a create request, with the wire parameter at fault, or `nil`
    /// when the service would accept it.
    public static func problem(prompt: String, model: String?, seconds: String?, size: String?) -> RequestProblem? {
        let model = model ?? VideoAPI.openai.defaultModel
        let limits = ModelCatalog().limits(api: .openai, model: model)
        if prompt.isEmpty || prompt.unicodeScalars.count > (limits?.maxPromptLength ?? Self.maxPromptLength) {
            return RequestProblem(param: "prompt", message: "prompt must be 1 to \(Self.maxPromptLength) characters")
        }
        guard let limits else { return nil }
        if let seconds, !(Int(seconds).map { limits.seconds?.allows($0) ?? true } ?? false) {
            return RequestProblem(
                param: "seconds",
                message: "Invalid value for 'seconds': expected one of '4', '8', or '12', got '\(seconds)'."
            )
        }
        if let size, let sizes = limits.sizes, !sizes.contains(where: { $0.description == size }) {
            return RequestProblem(
                param: "size",
                message: "Invalid value for 'size': \(model) supports \(sizes.map(\.description).joined(separator: ", ")), got '\(size)'."
            )
        }
        return nil
    }
}
