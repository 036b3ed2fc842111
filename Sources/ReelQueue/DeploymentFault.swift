import Foundation

/// Whether a shot's failure was its deployment's (a key refused, a deployment missing, a
/// service erroring or out of reach) rather than the shot's own (a refused prompt, a clip
/// that fails QA): the former counts towards benching the deployment.
enum DeploymentFault {
    /// The failure in short, when it is the deployment's.
    static func reason(_ error: String?) -> String? {
        guard let error else { return nil }
        if let range = error.range(of: #"^HTTP (401|403|404|5\d\d)\b"#, options: .regularExpression) {
            return String(error[range])
        }
        let lowered = error.lowercased()
        for words in ["connection refused", "cannot connect", "could not connect", "no connection"] where lowered.contains(words) {
            return words
        }
        return nil
    }
}
