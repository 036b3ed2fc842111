import Foundation
import MediaKit
import ReelPipeline
import TestSupport
import Testing

/// The storyboard fields of issue 17: `continue:`, `from:`, `reference:`, `trim:`, `caption:`
/// and the reel's `music:` and `loudness:`, read and checked before any job exists.
struct ContinuityParserTests {
    static let shots = "  - {name: a, prompt: A boat.}\n  - {name: b, prompt: A pond.}\n"

    static func parse(_ text: String, path: String = "/tmp/board.yaml") throws -> Storyboard {
        try StoryboardParser().parse(text: text, path: path)
    }

    @Test func continuationsNameTheirShotAndFrame() throws {
        let board = try Self.parse(
            """
            title: t
            shots:
              - {name: a, prompt: A boat.}
              - {name: b, prompt: A pond., continue: previous}
              - {name: c, prompt: A heron., continue: a}
              - {name: d, prompt: A frog., from: {shot: b, at: 1.5}}
              - {name: e, prompt: A lily., from: {shot: a, at: last}}
            """
        )
        #expect(
            board.shots.map(\.continuation) == [
                nil, Continuation(shot: "a"), Continuation(shot: "a"), Continuation(shot: "b", frame: .seconds(1.5)), Continuation(shot: "a"),
            ])
    }

    @Test func trimsCaptionsAndTheReelsSoundRead() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let music = folder.appendingPathComponent("bed.m4a").path
        _ = FileManager.default.createFile(atPath: music, contents: Data([0]))
        let board = try Self.parse(
            """
            title: t
            reel: {music: bed.m4a, loudness: -16, transition: 0.5}
            shots:
              - {name: a, prompt: A boat., trim: {start: 0.5, end: 4}, caption: Dawn on the lake}
              - {name: b, prompt: A pond., trim: {end: 3}}
            """,
            path: folder.appendingPathComponent("board.yaml").path
        )
        #expect(board.shots[0].trim == ClipTrim(start: 0.5, end: 4))
        #expect(board.shots[1].trim == ClipTrim(start: 0, end: 3))
        #expect(board.shots[0].caption == "Dawn on the lake")
        #expect(board.reel.music == music)
        #expect(board.reel.loudness == -16)
        #expect(board.reel.transition == 0.5)
    }

    @Test func aReferenceImageServesEveryShotWithoutItsOwn() throws {
        let image = StoryboardParserTests.image("square_480x480.png")
        let own = StoryboardParserTests.image("landscape_400x300.png")
        let board = try Self.parse(
            """
            title: t
            reference: \(image)
            defaults: {size: 480x480}
            shots:
              - {name: a, prompt: A boat.}
              - {name: b, prompt: A pond., image: \(own), image_fit: crop}
              - {name: c, prompt: A heron., continue: a}
            """
        )
        #expect(board.shots.map(\.image) == [image, own, nil])
    }

    /// Mistakes in the new fields, checked with the others by ``StoryboardParserTests``.
    static let badCases: [StoryboardParserTests.BadCase] = [
        StoryboardParserTests.BadCase(
            text: "title: t\nshots:\n  - {name: a, prompt: A., continue: previous}\n",
            message: "board.yaml:3: shots[0].continue: the first shot has no previous shot"),
        StoryboardParserTests.BadCase(
            text: "title: t\nshots:\n" + shots + "  - {name: c, prompt: C., continue: z}\n",
            message: "board.yaml:5: shots[2].continue: no shot is named \"z\" (shots: a, b)"
        ),
        StoryboardParserTests.BadCase(
            text: "title: t\nshots:\n  - {name: a, prompt: A., continue: a}\n", message: "board.yaml:3: shots[0].continue: a shot cannot continue from itself"),
        StoryboardParserTests.BadCase(
            text: "title: t\nshots:\n  - {name: a, prompt: A., continue: b}\n  - {name: b, prompt: B., continue: previous}\n",
            message:
                "board.yaml:3: shots[0].continue: shots continue from each other in a circle: a → b → a\nboard.yaml:4: shots[1].continue: shots continue from each other in a circle: b → a → b"
        ),
        StoryboardParserTests.BadCase(
            text: "title: t\nshots:\n" + shots + "  - {name: c, prompt: C., from: {shot: a, at: 9}}\n",
            message: "board.yaml:5: shots[2].from.at: 9.0 s is past the end of a, which is 5 s long"
        ),
        StoryboardParserTests.BadCase(
            text: "title: t\nshots:\n" + shots + "  - {name: c, prompt: C., continue: a, from: {shot: b}}\n",
            message: "board.yaml:5: shots[2].continue: give continue: or from:, not both"
        ),
        StoryboardParserTests.BadCase(
            text: "title: t\nshots:\n  - {name: a, prompt: A., trim: {start: 3, end: 2}}\n",
            message: "board.yaml:3: shots[0].trim.end: 2.0 is not after the start (3.0)"
        ),
        StoryboardParserTests.BadCase(
            text: "title: t\nshots:\n  - {name: a, prompt: A., trim: {start: 6}}\n",
            message: "board.yaml:3: shots[0].trim.start: 6 is outside 0.0...5.0"
        ),
        StoryboardParserTests.BadCase(
            text: "title: t\nreel: {loudness: 3}\nshots:\n  - {prompt: A.}\n", message: "board.yaml:2: reel.loudness: 3 is outside -40.0...-5.0"),
        StoryboardParserTests.BadCase(
            text: "title: t\nreel: {music: nowhere.m4a}\nshots:\n  - {prompt: A.}\n", message: "board.yaml:2: reel.music: music file nowhere.m4a does not exist"
        ),
        StoryboardParserTests.BadCase(
            text: "title: t\ndefaults: {reel: {transition: 1}}\nreel: {transition: 1}\nshots:\n  - {prompt: A.}\n",
            message: "board.yaml:2: defaults.reel: give the reel's settings once, under reel: (defaults.reel is its older place)"
        ),
    ]
}
