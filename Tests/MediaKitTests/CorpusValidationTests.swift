import MediaKit
import TestSupport
import Testing

/// Every real-world file is probed and validated without a crash or a hang, and the decode
/// check agrees with `ffmpeg -v error -i F -f null -` on which files are damaged.
@Suite(.serialized, .corpus)
struct CorpusValidationTests {
    /// The longest corpus file holds six minutes of 1080p: a full decode with every measure
    /// takes about 25 s of CPU in a debug build, more on a machine busy with the rest of the
    /// suite, so the limit here guards against hangs, not slowness.
    @Test(arguments: Fixtures.corpusFiles)
    func decodeVerdictAgreesWithFFmpeg(_ name: String) async throws {
        let report = try await Validator(options: ValidationOptions(open: MediaOpenOptions(timeLimit: Sanitizer.scaled(.seconds(120)))))
            .validate(Fixtures.corpusPath(name))
        #expect(report.error?.code != .timedOut, "\(name) took over 120 s")
        guard report.info != nil else {
            // Refused at open: ffprobe could not read it either, or it is not MP4/MOV.
            let truth = Fixtures.groundTruth(name)?["format"] as? [String: Any]
            #expect(truth?["format_name"] as? String != ProbeGroundTruthTests.movFamily, "\(name): \(report.verdicts)")
            return
        }
        let decode = try #require(report.verdict("decode"), "\(name)")
        #expect(decode.passed == !Fixtures.decodeShowsErrors(name), "\(name): \(decode.actual)")
    }

    @Test(arguments: Fixtures.corpusFiles)
    func probeAndQuickValidationFinishWithinTenSeconds(_ name: String) async throws {
        let limit = MediaOpenOptions(timeLimit: Sanitizer.scaled(.seconds(10)))
        _ = try? await MediaProbe(options: limit).probe(Fixtures.corpusPath(name))
        let report = try await Validator(options: ValidationOptions(deep: false, open: limit)).validate(Fixtures.corpusPath(name))
        #expect(report.error?.code != .timedOut)
        #expect(report.decode == nil)
        #expect(report.verdict("readable") == nil || report.info == nil)
    }
}
