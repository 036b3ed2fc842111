import Foundation
import MediaKit
import ReelPipeline
import TestSupport
import Testing

/// A storyboard's captions, trims, music and loudness target reach the reel a run makes
/// (issue 17), as `ffmpeg`'s own `ebur128` and `ffprobe` read the reel, on the built-in emulator.
/// Shot b comes from the emulator's OpenAI API, whose clips have sound (its Azure clips have
/// none): the music plays alone under a and c and under b's own sound in b.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct ReelSoundRunTests {
    static func board(music: String) -> String {
        """
        title: Sound check
        defaults: {size: 480x480, seconds: 2, variants: 1}
        reel: {music: "\(music)", loudness: -16}
        shots:
          - name: a
            prompt: A paper boat sets off down a gutter.
            caption: A paper boat sets off
          - name: b
            prompt: The boat rides a rapid.
            api: openai
            model: sora-2
            size: 1280x720
            seconds: 4
            trim: {start: 0.5, end: 1.5}
            caption: It rides a rapid & spins
          - name: c
            prompt: The boat drifts into a pond.
        """
    }

    @Test func captionsTrimMusicAndLoudnessReachTheReel() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let harness = try await PipelineHarness.start()
        let board = try PipelineHarness.storyboard(Self.board(music: Fixtures.media("music.m4a")), in: folder)
        let output = folder.appendingPathComponent("out")
        let manifest = try await StoryboardRunner(storyboard: board, options: RunOptions(output: output.path), clients: harness).run()
        await harness.stop()

        let entry = try #require(manifest.reel)
        #expect(entry.error == nil, "\(entry.error ?? "")")
        #expect(manifest.passed, "\(manifest.shots.map { "\($0.name): \($0.error ?? "ok")" }); reel: \(entry.verdicts.filter { !$0.passed })")
        let reel = output.appendingPathComponent(entry.file).path
        var sounds: [Bool] = []
        for shot in manifest.shots {
            let file = try #require(shot.variants.first { $0.index == shot.chosenVariant }?.file)
            sounds.append(try await MediaProbe().probe(output.appendingPathComponent(file).path).audio != nil)
        }
        #expect(sounds == [false, true, false], "only shot b has sound of its own")

        // The trim: shot b keeps 1 s of its 4 s, so the chapters are 2, 1 and 2 s long, and so is the reel.
        let info = try await MediaProbe().probe(reel)
        let rate = (info.video?.avgFrameRate).map { $0.split(separator: "/").compactMap { Double($0) } } ?? []
        let frame = rate.count == 2 && rate[0] > 0 ? rate[1] / rate[0] : 1.0 / 24
        let lengths = entry.chapters.map { $0.end - $0.start }
        #expect(lengths.count == 3)
        for (length, expected) in zip(lengths, [2.0, 1.0, 2.0]) {
            #expect(abs(length - expected) <= frame + 1e-6, "chapter lengths \(lengths)")
        }
        let duration = try #require(info.format.duration)
        #expect(abs(duration - 5) <= frame + 0.03, "the reel lasts \(duration) s")

        // The loudness target, as ffmpeg's ebur128=peak=true measures the reel's sound.
        let streams = try await FFmpegCLI.streams(reel)
        let audio = try #require(streams.firstIndex { $0.type == "audio" })
        let measured = try #require(try await FFmpegCLI.ebur128(reel, stream: audio))
        #expect(abs(measured.integrated - -16) <= 0.5, "integrated \(measured.integrated) LUFS")
        #expect(measured.truePeak <= -0.9, "true peak \(measured.truePeak) dBTP")
        // The manifest records the loudness measured on the reel, here and in manifest.json.
        let recorded = try #require(entry.loudness)
        #expect(abs(recorded.integrated - measured.integrated) <= 0.2, "\(recorded) vs ffmpeg's \(measured)")
        #expect(abs(recorded.truePeak - measured.truePeak) <= 0.3, "\(recorded) vs ffmpeg's \(measured)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("manifest.json"))) as? [String: Any]
        )
        let written = (json["reel"] as? [String: Any])?["loudness"] as? [String: Any]
        #expect((written?["integrated"] as? Double).map { abs($0 - recorded.integrated) < 0.001 } == true, "manifest.json: \(String(describing: written))")

        // The captions: one mov_text track and a WebVTT file beside the reel, one cue per captioned shot, over its chapter.
        let subtitles = streams.filter { $0.type == "subtitle" }
        #expect(subtitles.map(\.codec) == ["mov_text"])
        let expected: [(start: Double, end: Double, text: String)] = [
            (entry.chapters[0].start, entry.chapters[0].end, "A paper boat sets off"),
            (entry.chapters[1].start, entry.chapters[1].end, "It rides a rapid & spins"),
        ]
        let cues = try #require(try await FFmpegCLI.subtitles(reel, in: folder))
        #expect(cues.map(\.text) == expected.map(\.text))
        for (cue, want) in zip(cues, expected) {
            #expect(abs(cue.start - want.start) <= 0.001 && abs(cue.end - want.end) <= 0.001, "cue \(cue) vs chapter \(want)")
        }
        let captions = try #require(entry.captions)
        #expect(captions == "reel.vtt")
        let vtt = try String(contentsOf: output.appendingPathComponent(captions), encoding: .utf8)
        #expect(vtt.hasPrefix("WEBVTT\n"))
        #expect(vtt.components(separatedBy: " --> ").count - 1 == 2, "one cue per captioned shot:\n\(vtt)")
        #expect(vtt.contains("\nA paper boat sets off\n") && vtt.contains("\nIt rides a rapid &amp; spins\n"), "\(vtt)")
        // The report plays the captions with the reel and says what the reel measures.
        let report = try String(contentsOf: output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(report.contains(#"<track kind="subtitles" label="Captions" srclang="en" src="reel.vtt" default>"#))
        #expect(report.contains(String(format: "Loudness: %.1f LUFS integrated, true peak %.1f dBTP", recorded.integrated, recorded.truePeak)))
        let contents = try FileManager.default.contentsOfDirectory(atPath: output.path)
        #expect(!contents.contains { $0.contains(".partial.") }, "no temporary reel file left: \(contents)")
    }
}
