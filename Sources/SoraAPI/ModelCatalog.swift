/// Which limits a request is checked against: Sora 1's for any Azure jobs deployment, Sora 2's
/// for `sora-2` and `sora-2-pro` (and their dated snapshots) on the Videos API, and whatever a
/// user file adds for a gateway's models. Any other model is sent as given, and the service's
/// own answer is shown as it came.
public struct ModelCatalog: Sendable, Hashable {
    /// Limits a user added, by model name (compared without case).
    public var added: [String: ModelLimits]

    public init(added: [ModelLimits] = []) {
        self.added = Dictionary(added.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The limits that apply, or `nil` when nothing is known about the model.
    public func limits(api: VideoAPI, model: String) -> ModelLimits? {
        let name = model.lowercased()
        if let added = self.added[name] { return added }
        switch api {
        case .azure:
            return .sora1(deployment: model)
        case .openai:
            guard name == "sora-2" || name.hasPrefix("sora-2-") else { return nil }
            return .sora2(model: model, pro: name.hasPrefix("sora-2-pro"))
        }
    }
}
