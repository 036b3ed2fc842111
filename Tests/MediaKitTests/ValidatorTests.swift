import MediaKit
import SoraAPI
import TestSupport
import Testing

struct ValidatorTests {
    @Test func aCleanClipPassesEveryRule() async throws {
        let report = try await Validator(
            options: ValidationOptions(
                expectedSize: VideoSize(width: 320, height: 180),
                expectedSeconds: 2,
                expectedCodec: "h264"
            )
        ).validate(Fixtures.media("h264_aac.mp4"))
        #expect(report.passed)
        let failed = report.verdicts.filter { !$0.passed }
        #expect(failed.isEmpty, "\(failed)")
        let decode = try #require(report.decode)
        #expect(decode.videoFrames == 50)
        #expect(decode.audioFrames > 0)
        #expect(decode.errorCount == 0)
        #expect(abs((decode.videoDuration ?? 0) - 2.0) < 0.001)
    }

    @Test func expectationsThatDoNotHoldFail() async throws {
        let report = try await Validator(
            options: ValidationOptions(
                expectedSize: VideoSize(width: 1280, height: 720),
                expectedSeconds: 5,
                tolerance: 0.5,
                expectedCodec: "hevc",
                deep: false
            )
        ).validate(Fixtures.media("h264_aac.mp4"))
        #expect(!report.passed)
        #expect(report.verdict("size")?.actual == "320x180")
        #expect(report.verdict("size")?.passed == false)
        #expect(report.verdict("duration")?.passed == false)
        #expect(report.verdict("codec")?.actual == "h264")
        #expect(report.decode == nil, "--quick skips the decode")
        #expect(report.verdict("decode") == nil)
    }

    @Test func durationWithinToleranceHolds() async throws {
        let options = ValidationOptions(expectedSeconds: 2.2, tolerance: 0.25, deep: false)
        let report: ValidationReport = try await Validator(options: options).validate(Fixtures.media("h264_aac.mp4"))
        #expect(report.verdict("duration")?.passed == true)
    }

    @Test func aTruncatedFileHasDecodeErrors() async throws {
        let report = try await Validator().validate(Fixtures.media("truncated.mp4"))
        #expect(!report.passed)
        let decode = try #require(report.decode)
        #expect(decode.errorCount > 0)
        #expect(decode.videoFrames < 50)
        let firstError = try #require(decode.firstErrorTime)
        #expect(firstError > 0.5 && firstError < 2.0)
        #expect(report.verdict("decode")?.passed == false)
    }

    @Test func moovAfterMdatIsAWarningOnly() async throws {
        let report = try await Validator().validate(Fixtures.media("moov_at_end.mp4"))
        let faststart = report.verdict("faststart")
        #expect(faststart?.passed == false)
        #expect(faststart?.severity == .warning)
        #expect(faststart?.actual == "moov after mdat")
        #expect(report.passed)
    }

    @Test func yuv444IsNotWebPlayable() async throws {
        let report = try await Validator(options: ValidationOptions(deep: false)).validate(Fixtures.media("yuv444.mp4"))
        #expect(report.verdict("web_playback")?.actual == "yuv444p pixels")
        #expect(!report.passed)
    }

    @Test func audioOnlyHasNoVideoStream() async throws {
        let report = try await Validator().validate(Fixtures.media("audio_only.mp4"))
        #expect(report.verdict("video_streams")?.actual == "0 video streams")
        #expect(!report.passed)
    }

    @Test func blackStartIsFound() async throws {
        let report = try await Validator().validate(Fixtures.media("black_then_content.mp4"))
        let black = try #require(report.decode?.blackStretches.first)
        #expect(abs(black.start) < 0.001)
        #expect(abs(black.end - 1.0) < 0.05)
        #expect(report.verdict("black")?.passed == false)
        #expect(report.verdict("frozen")?.passed == true, "black is reported as black, not as a freeze")
    }

    @Test func aFreezeThatRunsToTheEndIsFound() async throws {
        let lenient = try await Validator(options: ValidationOptions(minimumFreezeSeconds: 0.5)).validate(
            Fixtures.media("frozen_end.mp4")
        )
        let freeze = try #require(lenient.decode?.frozenStretches.last)
        #expect(abs(freeze.start - 1.0) < 0.05)
        #expect(abs(freeze.end - 2.0) < 0.001, "closed at the end of the last frame")
        #expect(lenient.verdict("frozen")?.passed == false)
        // The default minimum (2 s) lets a 1 s freeze pass.
        let strict: ValidationReport = try await Validator().validate(Fixtures.media("frozen_end.mp4"))
        #expect(strict.verdict("frozen")?.passed == true)
    }

    @Test func unreadableFilesBecomeAFailedVerdict() async throws {
        let report = try await Validator().validate(Fixtures.media("html_error.mp4"))
        #expect(!report.passed)
        #expect(report.verdicts.count == 1)
        #expect(report.verdict("readable")?.actual.hasPrefix("not an MP4/MOV file") == true)
    }

    @Test func theAsyncValidatorGivesTheSameReport() async throws {
        let path = Fixtures.media("h264_aac.mp4")
        let synchronous = try await { try await Validator().validate(path) }()
        let asynchronous = try await Validator().validate(path)
        #expect(synchronous == asynchronous)
    }
}
