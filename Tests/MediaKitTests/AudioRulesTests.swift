import Foundation
import MediaKit
import TestSupport
import Testing

/// `silence`, `clipping` and `av_length`, each on a clip made to fail it and on a clean clip.
struct AudioRulesTests {
    static let video = "testsrc2=s=160x90:r=25:d=4"

    static func validate(_ name: String, audio: String, _ validation: ValidationOptions = ValidationOptions()) async throws -> ValidationReport {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try await FFmpegCLI.makeClip(name, in: folder, inputs: [Self.video, audio], options: ["-b:a", "128k"])
        return try await Validator(options: validation).validate(path)
    }

    @Test func aCleanClipPassesTheAudioRules() async throws {
        let report = try await Self.validate("clean.mp4", audio: "sine=f=440:sample_rate=48000:d=4")
        for rule in ["silence", "clipping", "loudness", "av_length"] {
            let verdict = try #require(report.verdict(rule))
            #expect(verdict.passed && verdict.applicable, "\(rule): \(verdict.actual)")
        }
        #expect(report.decode?.audio?.clippedSamples == 0)
        #expect(report.passed)
    }

    @Test func aLongSilenceFailsWithItsTimes() async throws {
        let report = try await Self.validate("silence.mp4", audio: "sine=f=440:sample_rate=48000:d=1,apad=whole_dur=4")
        let verdict = try #require(report.verdict("silence"))
        #expect(!verdict.passed, "\(verdict.actual)")
        let span = try #require(verdict.spans?.first)
        #expect(abs(span.start - 1.0) < 0.05 && span.end > 3.9, "\(span)")
        let short = try await Self.validate(
            "silence.mp4", audio: "sine=f=440:sample_rate=48000:d=1,apad=whole_dur=4", ValidationOptions(minimumSilenceSeconds: 5)
        )
        #expect(short.verdict("silence")?.passed == true, "the minimum is the option's")
    }

    @Test func samplesAtFullScaleAreClipping() async throws {
        let report = try await Self.validate("clipping.mp4", audio: "sine=f=440:sample_rate=48000:d=4,volume=20")
        let verdict = try #require(report.verdict("clipping"))
        #expect(!verdict.passed, "\(verdict.actual)")
        #expect((report.decode?.audio?.clippedSamples ?? 0) > 0)
        #expect(verdict.spans?.isEmpty == false)
        let lenient = try await Self.validate(
            "clipping.mp4", audio: "sine=f=440:sample_rate=48000:d=4,volume=20", ValidationOptions(maximumClippedRatio: 0.5)
        )
        #expect(lenient.verdict("clipping")?.passed == true, "the allowance is the option's")
    }

    @Test func audioShorterThanVideoFailsAVLength() async throws {
        let report = try await Self.validate("short-audio.mp4", audio: "sine=f=440:sample_rate=48000:d=2")
        let verdict = try #require(report.verdict("av_length"))
        #expect(!verdict.passed, "\(verdict.actual)")
        #expect(verdict.actual.contains("audio 2.0"), "\(verdict.actual)")
        let lenient = try await Self.validate("short-audio.mp4", audio: "sine=f=440:sample_rate=48000:d=2", ValidationOptions(avLengthTolerance: 3))
        #expect(lenient.verdict("av_length")?.passed == true)
    }

    @Test func levelsComeFromTheOptions() async throws {
        let report = try await Self.validate(
            "silence.mp4", audio: "sine=f=440:sample_rate=48000:d=1,apad=whole_dur=4",
            ValidationOptions(levels: ["silence": .error, "clipping": .off])
        )
        #expect(report.verdict("silence")?.severity == .error)
        #expect(report.verdict("clipping") == nil, "a rule that is off is not reported")
        #expect(!report.passed)
    }
}
