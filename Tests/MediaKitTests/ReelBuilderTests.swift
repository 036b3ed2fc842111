import FFmpegKit
import Foundation
import MediaKit
import TestSupport
import Testing

struct ReelBuilderTests {
    /// Reads every packet of `path`, checking that DTS rises strictly within each stream.
    static func expectStrictlyRisingDTS(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let input = try InputFormatContext(path: path)
        let packet = Packet()
        var last: [Int: Int64] = [:]
        var count = 0
        while try input.read(into: packet) {
            guard let dts = packet.dts else { continue }
            if let previous = last[packet.streamIndex] {
                #expect(dts > previous, "stream \(packet.streamIndex): \(dts) after \(previous)", sourceLocation: sourceLocation)
            }
            last[packet.streamIndex] = dts
            count += 1
        }
        #expect(count > 0, sourceLocation: sourceLocation)
    }

    static func reel(_ name: String, in folder: URL) -> String {
        folder.appendingPathComponent(name).path
    }

    @Test func compatibleClipsAreStreamCopied() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = ["h264_aac.mp4", "h264_aac_b.mp4", "h264_aac.mp4"].map { ReelInput(path: Fixtures.media($0)) }
        let path = Self.reel("copy.mp4", in: folder)
        let result = try ReelBuilder(options: ReelOptions(mode: .copy)).build(inputs, to: path)
        #expect(result.mode == "copy")

        let info = try MediaProbe().probe(path)
        #expect(abs((info.format.duration ?? 0) - 5.0) <= 2 * 0.04, "sum of inputs within a frame per join")
        #expect(info.format.chapters?.map(\.title) == ["h264_aac", "h264_aac_b", "h264_aac"])
        #expect(info.format.chapters?.map(\.start) == [0, 2, 3])
        try Self.expectStrictlyRisingDTS(path)
        let report = Validator().validate(path)
        #expect(report.passed, "\(report.verdicts.filter { !$0.passed })")
        #expect(report.decode?.videoFrames == 125)
    }

    @Test func copyModeNamesTheFirstMismatch() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = Self.reel("mismatch.mp4", in: folder)
        let inputs = ["h264_aac.mp4", "h264_silent.mp4"].map { ReelInput(path: Fixtures.media($0)) }
        do {
            _ = try ReelBuilder(options: ReelOptions(mode: .copy)).build(inputs, to: path)
            Issue.record("copied clips that differ")
        } catch {
            #expect(error.code == .incompatible)
            #expect(error.message == "cannot stream-copy: h264_silent.mp4 has no audio stream, h264_aac.mp4 has one")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no temporary file left")
    }

    @Test func mismatchedClipsAreReencodedWithAudioThroughout() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = ["h264_silent.mp4", "different_size.mp4", "rotated90.mp4", "h264_aac.mp4"]
        let path = Self.reel("reencode.mp4", in: folder)
        let result = try ReelBuilder().build(names.map { ReelInput(path: Fixtures.media($0)) }, to: path)
        #expect(result.mode == "reencode")
        #expect(result.reason.contains("differs"))

        let info = try MediaProbe().probe(path)
        let video = try #require(info.video)
        #expect(video.width == 320 && video.height == 180)
        #expect(video.avgFrameRate == "25/1")
        let audio = try #require(info.audio)
        #expect(audio.sampleRate == 48_000 && audio.channels == 2)
        #expect(abs((audio.duration ?? 0) - 6.0) <= 0.05, "audio spans the silent first clip too")
        #expect(abs((info.format.duration ?? 0) - 6.0) <= 4 * 0.04)
        try Self.expectStrictlyRisingDTS(path)
        let report = Validator().validate(path)
        #expect(report.passed, "\(report.verdicts.filter { !$0.passed })")
        #expect(report.decode?.videoFrames == 150)
    }

    @Test func sizeAndRateCanBeChosen() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = Self.reel("sized.mp4", in: folder)
        let options = ReelOptions(size: VideoSize(width: 640, height: 360), frameRate: 30, crossfade: 0.4)
        let inputs = ["h264_aac.mp4", "portrait.mp4"].map { ReelInput(path: Fixtures.media($0), title: "shot \($0)") }
        let result = try ReelBuilder(options: options).build(inputs, to: path)
        #expect(result.chapters.map(\.end) == [1.6, 2.6])
        let info = try MediaProbe().probe(path)
        #expect(info.video?.width == 640)
        #expect(info.video?.avgFrameRate == "30/1")
        #expect(abs((info.format.duration ?? 0) - 2.6) <= 0.07, "a cross-fade overlaps the clips")
        #expect(info.format.chapters?.first?.title == "shot h264_aac.mp4")
        #expect(Validator().validate(path).passed)
    }

    @Test func aBrokenInputIsNamedAndNothingIsWritten() throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = Self.reel("broken.mp4", in: folder)
        let inputs = ["h264_aac.mp4", "playlist.mp4"].map { ReelInput(path: Fixtures.media($0)) }
        #expect(throws: MediaError(.unsupportedFormat, path: Fixtures.media("playlist.mp4"), "not an MP4/MOV file (detected: hls)")) {
            try ReelBuilder().build(inputs, to: path)
        }
        #expect(throws: MediaError.self) {
            try ReelBuilder().build([ReelInput(path: Fixtures.media("audio_only.mp4"))], to: path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// The corpus group R1 shares one encoder setup; R2 looks alike but its NAL length size differs.
    @Test func realConcatGroups() throws {
        guard Fixtures.corpus != nil else { return }
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r1 = ["media3__preroll-5s.mp4", "media3__midroll-5s.mp4", "media3__postroll-5s.mp4"]
        let copied = Self.reel("r1.mp4", in: folder)
        #expect(try ReelBuilder().build(r1.map { ReelInput(path: Fixtures.corpusPath($0)) }, to: copied).mode == "copy")
        let sum = try r1.map { try MediaProbe().probe(Fixtures.corpusPath($0)).format.duration ?? 0 }.reduce(0, +)
        #expect(abs((try MediaProbe().probe(copied).format.duration ?? 0) - sum) <= 3 * 0.04)
        try Self.expectStrictlyRisingDTS(copied)
        #expect(Validator(options: ValidationOptions(minimumFreezeSeconds: 100)).validate(copied).passed)

        let r2 = ["media3__sample.mp4", "media3__sample_2_byte_NAL_length.mp4"].map { ReelInput(path: Fixtures.corpusPath($0)) }
        #expect(throws: MediaError.self) { try ReelBuilder(options: ReelOptions(mode: .copy)).build(r2, to: Self.reel("x.mp4", in: folder)) }
        let encoded = Self.reel("r2.mp4", in: folder)
        let result = try ReelBuilder().build(r2, to: encoded)
        #expect(result.mode == "reencode")
        #expect(result.reason.contains("extradata"))
        #expect(Validator(options: ValidationOptions(minimumFreezeSeconds: 100)).validate(encoded).passed)
    }
}
