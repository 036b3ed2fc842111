import Foundation
import MediaKit
import TestSupport
import Testing

/// Integrated loudness and true peak agree with `ffmpeg -af ebur128=peak=true` (the same
/// libavfilter code, fed by SoraReel's own decode) within 0.1 LU and 0.1 dB: ffmpeg prints
/// one decimal, so 0.05 of the margin is its rounding.
struct LoudnessTests {
    static let audioFixtures = ["h264_aac.mp4", "h264_aac_b.mp4", "different_size.mp4", "moov_at_end.mp4", "audio_only.mp4"]

    static func expectAgreement(_ path: String, _ name: String) async throws {
        let report = try await Validator().validate(path)
        let audio = try #require(report.decode?.audio, "\(name): no audio measured")
        let ours = try #require(audio.loudness, "\(name): \(report.verdict("loudness")?.actual ?? "no verdict")")
        guard let reference = try await FFmpegCLI.ebur128(path, stream: audio.stream) else {
            Issue.record("\(name): ffmpeg's ebur128 gave no summary")
            return
        }
        #expect(abs(ours.integrated - reference.integrated) <= 0.1, "\(name): \(ours.integrated) vs ffmpeg \(reference.integrated)")
        if let peak = ours.truePeak {
            #expect(abs(peak - reference.truePeak) <= 0.1, "\(name): \(peak) vs ffmpeg \(reference.truePeak) dBTP")
        }
        let verdict = try #require(report.verdict("loudness"))
        #expect(verdict.passed, "no target set: loudness is reported, not judged")
        #expect(verdict.actual.contains("LUFS") && verdict.actual.contains("dBTP"))
    }

    @Test(arguments: Self.audioFixtures)
    func integratedLoudnessAgreesWithFFmpeg(_ name: String) async throws {
        try await Self.expectAgreement(Fixtures.media(name), name)
    }

    /// Louder and quieter programmes, 44.1 kHz and 5.1, so the resampling libavfilter inserts
    /// and the channel weights are exercised too.
    @Test(arguments: [
        ("loud.mp4", "sine=f=1000:sample_rate=48000:d=3,volume=0.9", ["-ac", "2"]),
        ("quiet.mp4", "anoisesrc=c=pink:a=0.01:d=3:r=44100", [String]()),
        ("surround.mp4", "sine=f=300:sample_rate=48000:d=3", ["-ac", "6"]),
    ])
    func generatedProgrammesAgreeWithFFmpeg(_ name: String, _ source: String, _ options: [String]) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try await FFmpegCLI.makeClip(
            name, in: folder, inputs: ["testsrc2=s=160x90:r=25:d=3", source], options: options + ["-b:a", "192k", "-shortest"]
        )
        try await Self.expectAgreement(path, name)
    }

    /// Every corpus file with an audio stream that ffmpeg measures, when the corpus is present.
    @Test(.corpus) func corpusFilesAgreeWithFFmpeg() async throws {
        let names = Fixtures.corpusFiles.filter { name in
            let streams = Fixtures.groundTruth(name)?["streams"] as? [[String: Any]] ?? []
            return streams.contains { $0["codec_type"] as? String == "audio" } && !Fixtures.decodeShowsErrors(name)
        }
        guard !names.isEmpty else {
            print("LoudnessTests: no corpus with audio at ../shared/corpus/real; skipped")
            return
        }
        for name in names {
            let path = Fixtures.corpusPath(name)
            let report = try await Validator().validate(path)
            guard let audio = report.decode?.audio, let reference = try await FFmpegCLI.ebur128(path, stream: audio.stream) else { continue }
            guard let ours = audio.loudness else {
                Issue.record("\(name): not measured: \(report.verdict("loudness")?.actual ?? "no verdict")")
                continue
            }
            #expect(abs(ours.integrated - reference.integrated) <= 0.1, "\(name): \(ours.integrated) vs ffmpeg \(reference.integrated)")
        }
    }

    @Test func aTargetAndAPeakLimitAreJudged() async throws {
        let path = Fixtures.media("h264_aac.mp4")
        let measured = try await #require(Validator().validate(path).decode?.audio?.loudness)
        let near = try await Validator(options: ValidationOptions(loudnessTarget: measured.integrated + 1, loudnessTolerance: 2)).validate(path)
        #expect(near.verdict("loudness")?.passed == true)
        let far = try await Validator(options: ValidationOptions(loudnessTarget: -14, loudnessTolerance: 1)).validate(path)
        #expect(far.verdict("loudness")?.passed == false)
        #expect(far.passed == false, "loudness is an error by default")
        let peak = try #require(measured.truePeak)
        let limited = try await Validator(options: ValidationOptions(maximumTruePeak: peak - 3)).validate(path)
        #expect(limited.verdict("loudness")?.passed == false)
    }

    @Test func aClipWithoutSoundIsNotApplicable() async throws {
        let report = try await Validator(options: ValidationOptions(loudnessTarget: -16)).validate(Fixtures.media("h264_silent.mp4"))
        for rule in ["loudness", "silence", "clipping", "av_length"] {
            let verdict = try #require(report.verdict(rule), "\(rule)")
            #expect(verdict.passed && !verdict.applicable, "\(rule): \(verdict.actual)")
            #expect(verdict.actual == "not applicable: no audio stream")
        }
        #expect(report.passed)
    }
}
