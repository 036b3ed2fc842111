import SoraAPI

/// A ``VideoGenerator`` that speaks HTTP to one endpoint: what the Sora 1 jobs and the
/// `/videos` generators share.
protocol EndpointGenerator: VideoGenerator {
    var transport: HTTPTransport { get }
    var models: ModelCatalog { get }
}

extension EndpointGenerator {
    func check(_ request: GenerationRequest) throws(SoraAPIError) {
        let problems = request.problems(api: self.api, model: self.transport.endpoint.model, catalog: self.models)
        guard problems.isEmpty else {
            throw SoraAPIError(.invalidRequest, problems.map(\.description).joined(separator: "; "))
        }
    }

    /// Refuses only ids that cannot be used at all (empty, control characters, absurd length);
    /// any other is percent-encoded in paths (``SoraPaths``) and named by ``OutputName`` on disk.
    static func requireUsable(_ id: String) throws(SoraAPIError) {
        guard SoraPaths.isUsableID(id) else {
            let shown = String(id.unicodeScalars.prefix(40).map { $0.properties.generalCategory == .control ? "?" : Character($0) })
            throw SoraAPIError(.badResponse, "refusing id \"\(shown)\": empty, over \(SoraPaths.maxIDLength) bytes, or with control characters")
        }
    }
}
