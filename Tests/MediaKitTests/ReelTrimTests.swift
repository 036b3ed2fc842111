import Foundation
import MediaKit
import SoraAPI
import TestSupport
import Testing

/// Trimmed clips in a reel (issue 17): cut frame-accurately, sound cut to match, chapters of
/// the trimmed lengths, and clear errors for trims outside their clip.
struct ReelTrimTests {
    /// 4 s of testsrc2 at 25 fps with a keyframe every 2 s (a trim at 1.52 s starts mid-GOP and
    /// is reached by a seek), and a 440 Hz tone that starts at exactly 2 s.
    static func source(in folder: URL) async throws -> String {
        try await FFmpegCLI.makeClip(
            "source.mp4", in: folder,
            inputs: ["testsrc2=s=320x180:r=25:d=4", "aevalsrc=if(gte(t\\,2)\\,0.5*sin(2*PI*440*t)\\,0):s=48000:c=stereo:d=4"],
            options: ["-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-b:a", "128k"]
        )
    }

    /// The trimmed clip's first picture is the source's picture at the trim's start, its last the
    /// one before the trim's end; the picture after it in the reel is the next clip's first.
    @Test func aTrimIsFrameAccurate() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try await Self.source(in: folder)
        let reel = folder.appendingPathComponent("reel.mp4").path
        let inputs = [
            ReelInput(path: Fixtures.media("h264_aac.mp4")),
            ReelInput(path: source, title: "cut", trim: ClipTrim(start: 1.52, end: 3.0)),
            ReelInput(path: Fixtures.media("h264_aac_b.mp4")),
        ]
        let result = try await ReelBuilder().build(inputs, to: reel)
        #expect(result.mode == .reencode)
        #expect(result.reason == "clip 2 is trimmed")
        #expect(result.chapters.map(\.start) == [0, 2, 3.48])
        #expect(result.chapters.map(\.end) == [2, 3.48, 4.48])
        await #expect(abs((try MediaProbe().probe(reel).format.duration ?? 0) - 4.48) <= 0.05)

        // Reel picture 50 is the source's picture 38 (1.52 s); reel picture 86 its picture 74 (2.96 s).
        for (reelIndex, sourceIndex) in [(50, 38), (86, 74)] {
            guard let shown = try await FFmpegCLI.lumaFrame(reel, index: reelIndex, in: folder) else {
                Issue.record("ffmpeg could not read picture \(reelIndex) of the reel")
                continue
            }
            var scores: [Int: Double] = [:]
            for candidate in sourceIndex - 1...sourceIndex + 1 {
                guard let original = try await FFmpegCLI.lumaFrame(source, index: candidate, in: folder) else { continue }
                scores[candidate] = FFmpegCLI.psnr(shown, original)
            }
            let best = scores.max { $0.value < $1.value }?.key
            #expect(best == sourceIndex, "reel picture \(reelIndex) is closest to source picture \(String(describing: best)): \(scores)")
            #expect((scores[sourceIndex] ?? 0) > 30, "\(scores)")
        }
        // The picture after the cut is the smptebars clip's, not the source's picture 75.
        if let after = try await FFmpegCLI.lumaFrame(reel, index: 87, in: folder),
            let next = try await FFmpegCLI.lumaFrame(Fixtures.media("h264_aac_b.mp4"), index: 0, in: folder)
        {
            #expect(FFmpegCLI.psnr(after, next) > 30)
        }
        let report = try await Validator().validate(reel)
        #expect(report.passed, "\(report.verdicts.filter { !$0.passed })")
    }

    /// The sound is cut with the pictures: the tone that starts 2 s into the source starts
    /// 0.48 s into the clip trimmed at 1.52 s, so at 2.48 s in the reel.
    @Test func theSoundIsCutWithThePictures() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try await Self.source(in: folder)
        let reel = folder.appendingPathComponent("reel.mp4").path
        let inputs = [ReelInput(path: Fixtures.media("h264_silent.mp4")), ReelInput(path: source, trim: ClipTrim(start: 1.52))]
        _ = try await ReelBuilder().build(inputs, to: reel)
        let samples = try #require(try await FFmpegCLI.monoSamples(reel, in: folder))
        #expect(Double(samples.count) / 8000 > 4.4, "the sound spans the trimmed clip (2.48 s) after the first (2 s)")
        let tone = FFmpegCLI.rms(samples, from: 2.6, to: 4.3)
        #expect(tone > 0.2, "the tone plays after the cut point")
        #expect(FFmpegCLI.rms(samples, from: 2.05, to: 2.4) < 0.02 * tone, "silence until 2.48 s")
        // Where the tone starts, to a hundredth of a second.
        let onset = stride(from: 2.0, to: 3.0, by: 0.01).first { FFmpegCLI.rms(samples, from: $0, to: $0 + 0.01) > 0.5 * tone }
        #expect(onset.map { abs($0 - 2.48) <= 0.02 } == true, "the tone starts at \(String(describing: onset))")
    }

    /// Chapters take the trimmed lengths, and a cross-fade still starts each chapter where its
    /// clip fades in.
    @Test func chaptersUseTrimmedLengthsWithACrossfade() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let inputs = [
            ReelInput(path: Fixtures.media("h264_aac.mp4"), trim: ClipTrim(start: 0.5, end: 1.5)),
            ReelInput(path: Fixtures.media("h264_aac_b.mp4")),
            ReelInput(path: Fixtures.media("h264_aac.mp4"), trim: ClipTrim(end: 1.2)),
        ]
        let result = try await ReelBuilder(options: ReelOptions(crossfade: 0.2)).build(inputs, to: reel)
        // 25 fps: 25, 25 and 30 pictures, 5 blended at each join.
        #expect(result.chapters.map(\.start) == [0, 0.8, 1.6])
        #expect(result.chapters.map(\.end) == [0.8, 1.6, 2.8])
        let info = try await MediaProbe().probe(reel)
        #expect(abs((info.format.duration ?? 0) - 2.8) <= 0.05)
        #expect(info.format.chapters?.map { ($0.end * 1000).rounded() / 1000 } == [0.8, 1.6, 2.8])
        #expect(abs((info.audio?.duration ?? 0) - 2.8) <= 0.05, "the sound spans the trimmed reel")
    }

    @Test func aTrimPastTheEndIsCutThereWithANote() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let clip = Fixtures.media("h264_aac_b.mp4")
        let result = try await ReelBuilder().build([ReelInput(path: clip, trim: ClipTrim(start: 0.2, end: 9))], to: reel)
        #expect(result.notes == ["\(clip): clip 1's trim ends at 9.000s, past the clip's end (1.000s): cut there"])
        #expect(result.chapters.map(\.end) == [0.8])
    }

    @Test func trimsOutsideTheClipAreRefusedNamingItAndItsLength() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let first = ReelInput(path: Fixtures.media("h264_aac.mp4"))
        let clip = Fixtures.media("h264_aac_b.mp4")
        let cases: [(ClipTrim, MediaError)] = [
            (ClipTrim(start: 1), MediaError(.outOfRange, path: clip, "clip 2: the trim starts at 1.000s, past the clip's end (it is 1.000s long)")),
            (ClipTrim(start: 5, end: 6), MediaError(.outOfRange, path: clip, "clip 2: the trim starts at 5.000s, past the clip's end (it is 1.000s long)")),
            (
                ClipTrim(start: 0.5, end: 0.5),
                MediaError(.invalidRequest, path: clip, "clip 2: the trim ends at 0.500s, not after its start at 0.500s (the clip is 1.000s long)")
            ),
            (ClipTrim(start: -1), MediaError(.invalidRequest, path: clip, "clip 2: a trim cannot start at -1.000s (the clip is 1.000s long)")),
        ]
        for (trim, expected) in cases {
            await #expect(throws: expected) { try await ReelBuilder().build([first, ReelInput(path: clip, trim: trim)], to: reel) }
        }
        // Stream copy cannot cut frame-accurately: the trimmed clip is named.
        await #expect(
            throws: MediaError(
                .invalidRequest, path: clip,
                "clip 2 is trimmed, and a stream copy cannot cut frame-accurately: re-encode it (--mode reencode)"
            )
        ) {
            try await ReelBuilder(options: ReelOptions(mode: .copy)).build([first, ReelInput(path: clip, trim: ClipTrim(start: 0.2))], to: reel)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// A trim that keeps the whole clip is no trim: the reel is still a stream copy.
    @Test func aTrimOfTheWholeClipStillCopies() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let inputs = [
            ReelInput(path: Fixtures.media("h264_aac.mp4"), trim: ClipTrim()), ReelInput(path: Fixtures.media("h264_aac_b.mp4"), trim: ClipTrim(end: 1)),
        ]
        #expect(try await ReelBuilder().build(inputs, to: reel).mode == .copy)
    }
}
