import Foundation
import MediaKit
import ReelPipeline
import SoraClient
import SoraEmulator
import TestSupport
import Testing

/// Issue 16, items 3 and the `run` parts of 1 and 2: a run makes an animated preview of every
/// variant, scrub sprites for each chosen clip and for the reel, and a report whose player
/// loads the reel's thumbnail track, all from the output folder.
@Suite(.timeLimit(.minutes(3)))
struct RunPreviewsTests {
    @Test func aRunMakesPreviewsSpritesAndAReportWithAPlayer() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        let board = try PipelineHarness.storyboard(
            "title: t\ndefaults:\n  size: 480x480\n  seconds: 2\n  reel:\n    transition: 0\nshots:\n  - name: one\n    prompt: A red ball rolls.\n    variants: 2\n  - name: two\n    prompt: A blue cube spins.\n",
            in: folder
        )
        let output = folder.appendingPathComponent("out").path
        let manifest = try await StoryboardRunner(storyboard: board, options: RunOptions(output: output), clients: harness).run()
        await harness.stop()
        #expect(manifest.passed)

        for shot in manifest.shots {
            for variant in shot.variants {
                let preview = try #require(variant.preview, "\(shot.name) variant \(variant.index) has no preview")
                let file = try #require(try AnimatedWebP.read(output + "/" + preview))
                #expect(file.frames >= 2, "\(preview): \(file.frames) frames")
            }
            let sprites = try #require(shot.sprites, "\(shot.name) has no sprites")
            let duration = try #require(shot.variants.first?.probe?.duration)
            let problems = try await WebVTTTrack.problems(vtt: output + "/" + sprites, duration: duration, interval: 1)
            #expect(problems.isEmpty, "\(sprites): \(problems)")
        }
        let reel = try #require(manifest.reel)
        #expect(reel.sprites == "reel.sprites.vtt")
        let reelDuration = try #require(reel.probe?.duration)
        let problems = try await WebVTTTrack.problems(vtt: output + "/reel.sprites.vtt", duration: reelDuration, interval: 1)
        #expect(problems.isEmpty, "reel.sprites.vtt: \(problems)")

        let html = try String(contentsOfFile: output + "/report.html", encoding: .utf8)
        #expect(html.contains(#"<track kind="metadata" label="thumbnails" src="reel.sprites.vtt" default>"#))
        #expect(html.contains(#"<track kind="chapters" label="Chapters" srclang="en" src="reel.chapters.vtt">"#))
        #expect(html.contains(#"data-seek="0.000""#), "a seek button per chapter")
        #expect(html.contains(#"class="preview" src="shots/one/variant-1.preview.webp""#))
        #expect(!html.contains("http://") && !html.contains("https://"), "nothing from outside the folder")
        let chapters = try WebVTTTrack.parseChapters(String(contentsOfFile: output + "/reel.chapters.vtt", encoding: .utf8))
        #expect(chapters == ["one", "two"])
        // The cues embedded for file:// point at the same sheets.
        #expect(html.contains(#""src":"reel.sprites-0.jpg#xywh=0,0,160,160""#))
        try ReportCheck.expectLinkedFilesExist(output)
    }
}
