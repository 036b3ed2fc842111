import Foundation
import MediaKit
import ReelPipeline
import TestSupport
import Testing

struct ValidationPolicyFileTests {
    @Test func theExamplePolicyReads() throws {
        let path = Fixtures.root.appendingPathComponent("Fixtures/policies/qa.yaml").path
        let policy = try ValidationPolicyFile.load(path: path)
        #expect(policy.rules["loudness"] == .init(level: .error, parameters: ["target": -16, "tolerance": 2, "max_true_peak": -1]))
        #expect(policy.rules["cuts"] == .init(level: .error))
        #expect(policy.rules["frozen"]?.parameters == ["min_seconds": 1.5])
        #expect(policy.overrides.map(\.glob) == ["drafts/**", "*_silent.mp4"])
        #expect(policy.overrides.first?.rules["loudness"]?.level == .off, "`off` is a level, not YAML's false")
        #expect(policy.problem == nil)
    }

    @Test(arguments: [
        ("rules:\n  loudnes: off\n", "p.yaml:2: rules.loudnes: unknown rule"),
        ("rules:\n  cuts: sometimes\n", "p.yaml:2: rules.cuts: \"sometimes\" is not a level (error, warning or off)"),
        ("rules:\n  static: { ratio: 2 }\n", "p.yaml:2: rules.static.ratio: 2 is outside 0...1"),
        ("rules:\n  static: { speed: 2 }\n", "p.yaml:2: rules.static.speed: unknown setting (static takes: level, motion, ratio)"),
        ("rules:\n  loudness: { target: loud }\n", "p.yaml:2: rules.loudness.target: \"loud\" is not a number"),
        ("rule:\n  cuts: off\n", "p.yaml:1: rule: unknown field (known fields: overrides, rules)"),
        ("overrides:\n  - rules: { cuts: off }\n", "p.yaml:2: overrides[0].glob: is required"),
        ("rules: [\n", "p.yaml:2: syntax error"),
    ])
    func mistakesNameTheLineAndField(_ text: String, _ message: String) {
        #expect {
            _ = try ValidationPolicyFile.parse(text: text, path: "p.yaml")
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }
}
