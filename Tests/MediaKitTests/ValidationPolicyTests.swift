import SoraAPI
import TestSupport
import Testing

@testable import MediaKit

struct ValidationPolicyTests {
    @Test(arguments: [
        ("*.mp4", "out/a.mp4", true),
        ("*.mp4", "out/a.mov", false),
        ("*_draft.mp4", "/x/y/shot_draft.mp4", true),
        ("drafts/*.mp4", "out/drafts/a.mp4", true),
        ("drafts/*.mp4", "out/drafts/sub/a.mp4", false),
        ("drafts/**", "out/drafts/sub/a.mp4", true),
        ("**/b-roll/**/*.mp4", "x/b-roll/1/2/c.mp4", true),
        ("/abs/*.mp4", "/abs/a.mp4", true),
        ("/abs/*.mp4", "/x/abs/a.mp4", false),
        ("clip[0-9].mp4", "clip7.mp4", true),
        ("clip[!0-9].mp4", "clip7.mp4", false),
        ("c?ip.mp4", "clip.mp4", true),
    ])
    func globsMatchLikeAShell(_ pattern: String, _ path: String, _ matches: Bool) {
        #expect(Glob.matches(pattern, path: path) == matches, "\(pattern) vs \(path)")
    }

    @Test func layersApplyInOrderAndFlagsWinLast() {
        let file = ValidationPolicy(
            rules: ["loudness": .init(level: .warning, parameters: ["target": -16]), "cuts": .init(level: .off)],
            overrides: [.init(glob: "drafts/**", rules: ["loudness": .init(level: .off)])]
        )
        let flags = ValidationPolicy(rules: ["loudness": .init(parameters: ["target": -23])])
        let policy = file.layered(under: flags)
        let clip = policy.options(for: "out/a.mp4", base: ValidationOptions())
        #expect(clip.loudnessTarget == -23)
        #expect(clip.levels == ["loudness": .warning, "cuts": .off])
        let draft = policy.options(for: "out/drafts/a.mp4", base: ValidationOptions())
        #expect(draft.levels["loudness"] == .off)
        #expect(policy.problem == nil)
    }

    @Test(arguments: [
        (ValidationPolicy(rules: ["loudnes": .init(level: .off)]), "rules.loudnes: unknown rule"),
        (ValidationPolicy(rules: ["readable": .init(level: .off)]), "rules.readable: the level of readable cannot be changed"),
        (ValidationPolicy(rules: ["static": .init(parameters: ["ratio": 2])]), "rules.static.ratio: must be between 0 and 1"),
        (ValidationPolicy(rules: ["cuts": .init(parameters: ["limit": 2])]), "rules.cuts.limit: unknown setting (known: threshold)"),
    ])
    func mistakesAreNamed(_ policy: ValidationPolicy, _ problem: String) {
        #expect(policy.problem == problem)
    }

    @Test func everyRuleTheValidatorReportsIsInTheCatalog() async throws {
        let report = try await Validator(options: ValidationOptions(expectedSize: VideoSize(width: 1, height: 1), expectedSeconds: 1, expectedCodec: "h264"))
            .validate(Fixtures.media("h264_aac.mp4"))
        let names = Set(ValidationRuleCatalog.rules.map(\.name))
        for verdict in report.verdicts {
            #expect(names.contains(verdict.rule), "\(verdict.rule) is missing from the catalog")
        }
    }
}
