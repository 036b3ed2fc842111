import Foundation
import MediaKit
import TestSupport
import Testing

/// `flashes`, `static` and `cuts`, each on a clip made to fail it and on a clean clip.
struct ContentRulesTests {
    static let clean = "testsrc2=s=320x180:r=25:d=4"

    static func validate(
        _ name: String, _ inputs: [String], options: [String] = [], _ validation: ValidationOptions = ValidationOptions()
    ) async throws -> ValidationReport {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try await FFmpegCLI.makeClip(name, in: folder, inputs: inputs, options: options)
        return try await Validator(options: validation).validate(path)
    }

    @Test func aCleanClipPassesTheContentRules() async throws {
        let report = try await Self.validate("clean.mp4", [Self.clean])
        for rule in ["flashes", "static", "cuts", "black", "frozen"] {
            #expect(report.verdict(rule)?.passed == true, "\(rule): \(report.verdict(rule)?.actual ?? "missing")")
        }
        #expect(report.decode?.content?.flashTransitions.isEmpty == true)
    }

    /// Full-screen black/white every 3 frames at 25 fps: about 4 flashes a second, above
    /// BT.1702's 3; every 10 frames (1.25 a second) is allowed.
    @Test func fastFullScreenFlashesFailAndSayWhere() async throws {
        let fast = try await Self.validate("flash.mp4", ["color=c=black:s=320x180:r=25:d=4,geq=lum='if(lt(mod(N,6),3),16,235)':cb=128:cr=128"])
        let verdict = try #require(fast.verdict("flashes"))
        #expect(!verdict.passed && verdict.severity == .error, "\(verdict.actual)")
        let span = try #require(verdict.spans?.first)
        #expect(span.start < 0.2 && span.end > 3.8, "\(span)")
        #expect(verdict.actual.hasPrefix("up to 4.5 per second"), "\(verdict.actual)")
        #expect(!fast.passed)

        let slow = try await Self.validate("slow.mp4", ["color=c=black:s=320x180:r=25:d=4,geq=lum='if(lt(mod(N,20),10),16,235)':cb=128:cr=128"])
        #expect(slow.verdict("flashes")?.passed == true, "\(slow.verdict("flashes")?.actual ?? "")")
        let strict = try await Self.validate(
            "slow.mp4", ["color=c=black:s=320x180:r=25:d=4,geq=lum='if(lt(mod(N,20),10),16,235)':cb=128:cr=128"],
            ValidationOptions(maximumFlashesPerSecond: 1)
        )
        #expect(strict.verdict("flashes")?.passed == false, "the threshold is the option's")
    }

    /// A flash over a fifth of the picture is below BT.1702's quarter of the screen; over
    /// 40% it is a general flash.
    @Test(arguments: [(64, true), (128, false)])
    func onlyAQuarterOfTheScreenOrMoreIsAGeneralFlash(_ width: Int, _ passes: Bool) async throws {
        let report = try await Self.validate(
            "part.mp4", ["color=c=gray:s=320x180:r=25:d=3,geq=lum='if(lt(X,\(width))*lt(mod(N,6),3),235,128)':cb=128:cr=128"]
        )
        #expect(report.verdict("flashes")?.passed == passes, "\(width) px: \(report.verdict("flashes")?.actual ?? "")")
    }

    @Test func rulesThatAreOffMeasureNothing() async throws {
        let report = try await Self.validate(
            "flash.mp4", ["color=c=black:s=320x180:r=25:d=2,geq=lum='if(lt(mod(N,6),3),16,235)':cb=128:cr=128"],
            ValidationOptions(levels: ["flashes": .off, "static": .off, "cuts": .off])
        )
        #expect(report.verdict("flashes") == nil && report.verdict("static") == nil && report.verdict("cuts") == nil)
        #expect(report.decode?.content?.flashTransitions.isEmpty == true)
        #expect(report.decode?.content?.cuts.isEmpty == true)
        #expect(report.passed)
    }

    /// Colour bars with fresh noise on every picture: nothing moves, yet no two pictures are
    /// alike, so `frozen` passes and `static` fails.
    @Test func aStillPictureWithNoiseIsStaticNotFrozen() async throws {
        let report = try await Self.validate("static.mp4", ["smptebars=s=320x180:r=25:d=4,noise=alls=15:allf=t+u"])
        let still = try #require(report.verdict("static"))
        #expect(!still.passed && still.severity == .error, "\(still.actual)")
        #expect(report.verdict("frozen")?.passed == true, "\(report.verdict("frozen")?.actual ?? "")")
        #expect((report.decode?.content?.stillRatio ?? 0) > 0.9)
    }

    /// Two shots joined: testsrc2, then its negative from its start.
    @Test func aHardCutIsFoundAtItsTime() async throws {
        let report = try await Self.validate(
            "cut.mp4", ["testsrc2=s=320x180:r=25:d=2", "testsrc2=s=320x180:r=25:d=2,negate"],
            options: ["-filter_complex", "[0][1]concat=n=2:v=1:a=0"]
        )
        let cuts = try #require(report.verdict("cuts"))
        #expect(!cuts.passed, "\(cuts.actual)")
        let found = try #require(report.decode?.content?.cuts)
        #expect(found.count == 1)
        #expect(abs((found.first?.time ?? 0) - 2.0) < 0.001)
        #expect(cuts.spans == [TimeSpan(start: 2.0, end: 2.0)])
        #expect(report.verdict("static")?.passed == true)
        let lenient = try await Self.validate(
            "cut.mp4", ["testsrc2=s=320x180:r=25:d=2", "testsrc2=s=320x180:r=25:d=2,negate"],
            options: ["-filter_complex", "[0][1]concat=n=2:v=1:a=0"], ValidationOptions(cutThreshold: 60)
        )
        #expect(lenient.verdict("cuts")?.passed == true, "the threshold is the option's")
    }
}
