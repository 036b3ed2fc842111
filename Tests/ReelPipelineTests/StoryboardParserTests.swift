import Foundation
import MediaKit
import ReelPipeline
import SoraAPI
import SoraClient
import TestSupport
import Testing

struct StoryboardParserTests {
    static func image(_ name: String) -> String {
        Fixtures.root.appendingPathComponent("Fixtures/images/\(name)").path
    }

    static func storyboard(_ name: String) -> String {
        Fixtures.root.appendingPathComponent("Fixtures/storyboards/\(name)").path
    }

    @Test func theDemoStoryboardReads() throws {
        let board = try StoryboardParser().parse(path: Self.storyboard("demo.yaml"))
        #expect(board.title == "A morning at the lake")
        #expect(board.shots.map(\.name) == ["dawn", "boat", "picnic", "sunset"])
        #expect(board.shots[1].seconds == 4, "a shot overrides the default")
        #expect(board.shots[0].seconds == 3)
        #expect(board.shots[3].variants == 1)
        #expect(board.shots.allSatisfy { $0.api == .azure && $0.model == "sora" && $0.size.description == "480x480" })
        #expect(board.reel.transition == 0.5)
        #expect(board.validation.freezeMinimum == 2)
    }

    @Test func jsonAndSora2StoryboardsRead() throws {
        let json = try StoryboardParser().parse(path: Self.storyboard("mixed.json"))
        #expect(json.shots.map(\.size.description) == ["854x480", "480x854"])
        let sora2 = try StoryboardParser().parse(path: Self.storyboard("sora2.yaml"))
        #expect(sora2.shots.allSatisfy { $0.api == .openai && $0.variants == 1 })
        #expect(sora2.shots[1].size.description == "720x1280")
    }

    @Test func theContinuityExampleReads() throws {
        let board = try StoryboardParser().parse(path: Self.storyboard("continuity.yaml"))
        #expect(board.shots.map(\.name) == ["launch", "drift", "drain", "rescue"])
        #expect(board.shots.map { $0.continuation?.shot } == [nil, "launch", "drift", "drain"])
        #expect(board.shots[2].continuation?.frame == .seconds(2))
        #expect(board.shots[0].image?.hasSuffix("square_480x480.png") == true, "the reference image starts the first shot")
        #expect(board.shots.dropFirst().allSatisfy { $0.image == nil }, "continuing shots start from their source, not the reference")
        #expect(board.shots[1].trim == ClipTrim(start: 0.5, end: nil))
        #expect(board.shots.compactMap(\.caption).count == 3)
        #expect(board.reel.music?.hasSuffix("music.m4a") == true)
        #expect(board.reel.loudness == -16)
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        var text: String
        var message: String
        var testDescription: String { self.message }
    }

    static let badCases: [BadCase] = [
        BadCase(
            text: "title: t\nshots:\n  - prompt: a\n  - prompt: b\n    seconds: 25\n",
            message: "board.yaml:5: shots[1].seconds: 25 is above the maximum of 20 for sora"
        ),
        BadCase(
            text: "title: t\ndefaults:\n  size: 640x480\nshots:\n  - prompt: a\n",
            message:
                "board.yaml:3: defaults.size: 640x480 is not a size sora makes (480x480, 480x854, 854x480, 720x720, 720x1280, 1280x720, 1080x1080, 1080x1920, 1920x1080)"
        ),
        BadCase(
            text: "title: t\nshots:\n  - prompt: a\n    size: 1920x1080\n    variants: 2\n",
            message: "board.yaml:5: shots[0].variants: 2 variants are not allowed at 1920x1080 (at most 1)"
        ),
        BadCase(
            text: "title: t\ndefaults:\n  api: openai\nshots:\n  - prompt: a\n    seconds: 5\n",
            message: "board.yaml:6: shots[0].seconds: 5 is not a length sora-2 makes (4, 8 or 12)"
        ),
        BadCase(
            text: "title: t\ndefaults:\n  api: openai\nshots:\n  - prompt: a\n    size: 1792x1024\n",
            message: "board.yaml:6: shots[0].size: 1792x1024 is not a size sora-2 makes (720x1280, 1280x720)"
        ),
        BadCase(
            text: "title: t\nshots:\n  - prompt: a\n    colour: red\n",
            message:
                "board.yaml:4: shots[0].colour: unknown field (known fields: api, caption, continue, from, image, image_fit, model, name, prompt, seconds, size, trim, variants)"
        ),
        BadCase(text: "title: t\nshots:\n  - name: x\n", message: "board.yaml:3: shots[0].prompt: is required"),
        BadCase(text: "shots:\n  - prompt: a\n", message: "board.yaml:1: title: is required"),
        BadCase(text: "title: t\nshots: []\n", message: "board.yaml:2: shots: must be a list of at least one shot"),
        BadCase(
            text: "title: t\nshots:\n  - prompt: a\n    image: missing.png\n",
            message: "board.yaml:4: shots[0].image: image missing.png does not exist"
        ),
        BadCase(
            text: "title: t\nshots:\n  - name: a\n    prompt: a\n  - name: a\n    prompt: b\n",
            message: "board.yaml:5: shots[1].name: \"a\" is already the name of shots[0]"
        ),
        BadCase(
            text: "title: t\nshots:\n  - name: ../etc\n    prompt: a\n",
            message: "board.yaml:3: shots[0].name: \"../etc\" must be 1-64 letters, digits, spaces, '-', '_' or '.', and must not start with '.'"
        ),
        BadCase(
            text: "title: t\nshots:\n  - prompt: a\n    seconds: five\n",
            message: "board.yaml:4: shots[0].seconds: \"five\" is not a whole number"
        ),
        BadCase(text: "title: t\nshots:\n  - prompt: [a\n", message: "board.yaml:4: syntax error: did not find expected ',' or ']'"),
        BadCase(
            text: "title: t\nshots:\n  - prompt: a\n    image: \(Self.image("portrait_300x400.jpg"))\n    image_fit: stretch\n",
            message:
                "board.yaml:4: shots[0].image: \(Self.image("portrait_300x400.jpg")) is 300x400, not the shot's 480x480; set image_fit: crop (scale to cover, cut the edges) or pad (scale to fit, black bars)\nboard.yaml:5: shots[0].image_fit: \"stretch\" is not an image fit (crop or pad)"
        ),
        BadCase(
            text: "title: t\ndefaults:\n  image_fit: zoom\nshots:\n  - prompt: a\n",
            message: "board.yaml:3: defaults.image_fit: \"zoom\" is not an image fit (crop or pad)"
        ),
        BadCase(
            text: "title: t\nshots:\n  - prompt: a\n    image: \(Self.image("landscape_400x300.png"))\n",
            message:
                "board.yaml:4: shots[0].image: \(Self.image("landscape_400x300.png")) is 400x300, not the shot's 480x480; set image_fit: crop (scale to cover, cut the edges) or pad (scale to fit, black bars)"
        ),
        BadCase(
            text: "title: t\nshots:\n  - prompt: a\n    image: \(Fixtures.media("h264_aac.mp4"))\n    image_fit: crop\n",
            message: "board.yaml:4: shots[0].image: \(Fixtures.media("h264_aac.mp4")): not a PNG, JPEG or WebP image (detected: MP4/MOV video)"
        ),
        BadCase(
            text: "title: t\ndefaults:\n  api: vertex\nshots:\n  - prompt: a\n",
            message: "board.yaml:3: defaults.api: \"vertex\" is not an API (azure or openai)"
        ),
    ]

    @Test(arguments: Self.badCases + ContinuityParserTests.badCases)
    func mistakesNameTheLineAndField(_ testCase: BadCase) {
        #expect(Self.mistakes(in: testCase.text).joined(separator: "\n") == testCase.message)
    }

    /// The lines of the error `text` is refused with (as `board.yaml`); none when it parses.
    static func mistakes(in text: String) -> [String] {
        do {
            _ = try StoryboardParser().parse(text: text, path: "board.yaml")
            return []
        } catch {
            return error.description.split(separator: "\n").map(String.init)
        }
    }

    @Test func everyMistakeIsReportedAtOnce() {
        let text = """
            title: t
            defaults:
              seconds: 30
              colour: red
            shots:
              - prompt: a
                size: 640x480
              - name: ..
                prompt: b
                variants: 9
              - prompt: c
                api: vertex
            """
        #expect(
            Self.mistakes(in: text) == [
                "board.yaml:3: defaults.seconds: 30 is above the maximum of 20 for sora",
                "board.yaml:4: defaults.colour: unknown field (known fields: api, image_fit, model, reel, seconds, size, validation, variants)",
                "board.yaml:7: shots[0].size: 640x480 is not a size sora makes (480x480, 480x854, 854x480, 720x720, 720x1280, 1280x720, 1080x1080, 1080x1920, 1920x1080)",
                "board.yaml:8: shots[1].name: \"..\" must be 1-64 letters, digits, spaces, '-', '_' or '.', and must not start with '.'",
                "board.yaml:10: shots[1].variants: 9 variants are not allowed at 480x480 (at most 4)",
                "board.yaml:12: shots[2].api: \"vertex\" is not an API (azure or openai)",
            ]
        )
    }

    @Test(arguments: [VideoAPI.azure, .openai])
    func anOverlongPromptIsRefusedBeforeAnyJobExists(_ api: VideoAPI) {
        let prompt = String(repeating: "a quiet harbour at dawn ", count: 200_000)
        #expect(
            Self.mistakes(in: "title: t\ndefaults: {api: \(api.rawValue)}\nshots:\n  - prompt: \(prompt)\n") == [
                "board.yaml:4: shots[0].prompt: is 4799999 characters, above the maximum of 32000 for \(api.defaultModel)"
            ]
        )
    }

    @Test func aGatewayModelIsAcceptedAsGivenAndBudgetPricesAndRetriesRead() throws {
        let board = try StoryboardParser().parse(
            text: """
                title: t
                defaults: {api: openai, model: veo-3, size: 1920x1080, seconds: 6}
                budget: {max_usd: 12.5, max_seconds: 120}
                retries: {qa: 2}
                prices:
                  - {model: veo-3, usd_per_second: 0.40, source: Vertex AI pricing, date: 2026-11-01}
                shots:
                  - prompt: a
                """,
            path: "board.yaml"
        )
        #expect(board.shots[0].model == "veo-3" && board.shots[0].seconds == 6)
        #expect(board.budget == Budget(maxUSD: 12.5, maxSeconds: 120))
        #expect(board.qaRetries == 2)
        #expect(board.prices.price(model: "VEO-3", size: "1920x1080")?.usdPerSecond == 0.40)
        #expect(board.shots[0].cost(at: board.prices) == Spend(jobs: 1, billedSeconds: 6, usd: 2.4))
    }

    @Test func aStoryboardsModelsAreCheckedBeforeAnyJobExists() {
        let text = """
            title: t
            models:
              - {name: veo-3, sizes: [1280x720, 720x1280], seconds: {min: 4, max: 8}, variants: 1, max_prompt_length: 20}
            defaults: {api: openai, model: veo-3, size: 1280x720, seconds: 6}
            shots:
              - prompt: a
              - {prompt: b, size: 1920x1080, seconds: 10, variants: 2}
              - prompt: a prompt far longer than twenty characters
            """
        #expect(
            Self.mistakes(in: text) == [
                "board.yaml:7: shots[1].size: 1920x1080 is not a size veo-3 makes (1280x720, 720x1280)",
                "board.yaml:7: shots[1].seconds: 10 is above the maximum of 8 for veo-3",
                "board.yaml:7: shots[1].variants: veo-3 makes one video per job; variants must be 1",
                "board.yaml:8: shots[2].prompt: is 42 characters, above the maximum of 20 for veo-3",
            ]
        )
    }

    @Test func aShotImageWithAFitReadsAndChangesTheFingerprint() throws {
        let image = Self.image("portrait_300x400.jpg")
        let fitted = try StoryboardParser().parse(
            text:
                "title: t\ndefaults:\n  image_fit: pad\nshots:\n  - prompt: a\n    image: \(image)\n  - prompt: a\n    image: \(image)\n    image_fit: crop\n",
            path: "board.yaml"
        )
        #expect(fitted.shots.map(\.imageFit) == [.pad, .crop], "a shot's image_fit overrides the default")
        #expect(fitted.shots[0].fingerprint != fitted.shots[1].fingerprint)
        let plain = try StoryboardParser().parse(text: "title: t\nshots:\n  - prompt: a\n", path: "board.yaml")
        #expect(plain.shots[0].imageFit == nil)
        let shot = plain.shots[0]
        let before = [shot.prompt, shot.api.rawValue, shot.model, shot.size.description, String(shot.seconds), String(shot.variants), ""]
        #expect(shot.fingerprint == before.joined(separator: "\u{1F}"), "no fit, no extra field: older journals still match")
    }

    @Test func aMissingFileIsNamed() {
        #expect(throws: StoryboardError(path: "/nope/board.yaml", line: nil, field: nil, "cannot read the storyboard file")) {
            try StoryboardParser().parse(path: "/nope/board.yaml")
        }
    }

    @Test func aChangedPromptChangesTheFingerprint() throws {
        let a = try StoryboardParser().parse(text: "title: t\nshots:\n  - prompt: a\n", path: "x.yaml")
        let b = try StoryboardParser().parse(text: "title: t2\nshots:\n  - prompt: b\n", path: "x.yaml")
        let c = try StoryboardParser().parse(text: "title: other\nshots:\n  - prompt: a\n", path: "x.yaml")
        #expect(a.shots[0].fingerprint != b.shots[0].fingerprint)
        #expect(a.shots[0].fingerprint == c.shots[0].fingerprint, "the title is not part of a shot")
    }
}
