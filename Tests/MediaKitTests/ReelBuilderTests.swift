import FFmpegKit
import Foundation
import MediaKit
import SoraAPI
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

    @Test func compatibleClipsAreStreamCopied() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inputs = ["h264_aac.mp4", "h264_aac_b.mp4", "h264_aac.mp4"].map { ReelInput(path: Fixtures.media($0)) }
        let path = Self.reel("copy.mp4", in: folder)
        let result = try await ReelBuilder(options: ReelOptions(mode: .copy)).build(inputs, to: path)
        #expect(result.mode == .copy)

        let info = try await MediaProbe().probe(path)
        #expect(abs((info.format.duration ?? 0) - 5.0) <= 2 * 0.04, "sum of inputs within a frame per join")
        #expect(info.format.chapters?.map(\.title) == ["h264_aac", "h264_aac_b", "h264_aac"])
        #expect(info.format.chapters?.map(\.start) == [0, 2, 3])
        try Self.expectStrictlyRisingDTS(path)
        let report = try await Validator().validate(path)
        #expect(report.passed, "\(report.verdicts.filter { !$0.passed })")
        #expect(report.decode?.videoFrames == 125)
    }

    /// The chapters as ffprobe reads them: one per input, titled, back to back.
    @Test func ffprobeReadsTheChapters() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = Self.reel("chapters.mp4", in: folder)
        let inputs = [ReelInput(path: Fixtures.media("h264_aac.mp4"), title: "Opening shot"), ReelInput(path: Fixtures.media("portrait.mp4"))]
        _ = try await ReelBuilder().build(inputs, to: path)
        let chapters = try #require(try await FFmpegCLI.probe(path, ["-show_chapters"])["chapters"] as? [[String: Any]])
        #expect(chapters.compactMap { ($0["tags"] as? [String: Any])?["title"] as? String } == ["Opening shot", "portrait"])
        let bounds = chapters.map { (Double($0["start_time"] as? String ?? "") ?? -1, Double($0["end_time"] as? String ?? "") ?? -1) }
        #expect(bounds.first?.0 == 0)
        #expect(bounds.count == 2 && abs(bounds[0].1 - bounds[1].0) < 0.001, "\(bounds)")
    }

    @Test func copyModeNamesTheFirstMismatch() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = Self.reel("mismatch.mp4", in: folder)
        let inputs = ["h264_aac.mp4", "h264_silent.mp4"].map { ReelInput(path: Fixtures.media($0)) }
        let error = try await #require(throws: MediaError.self, "copied clips that differ") {
            try await ReelBuilder(options: ReelOptions(mode: .copy)).build(inputs, to: path)
        }
        #expect(error.code == .incompatible)
        #expect(error.message == "cannot stream-copy: h264_silent.mp4 has no audio stream, h264_aac.mp4 has one")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no temporary file left")
    }

    @Test func mismatchedClipsAreReencodedWithAudioThroughout() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = ["h264_silent.mp4", "different_size.mp4", "rotated90.mp4", "h264_aac.mp4"]
        let path = Self.reel("reencode.mp4", in: folder)
        let result = try await ReelBuilder().build(names.map { ReelInput(path: Fixtures.media($0)) }, to: path)
        #expect(result.mode == .reencode)
        #expect(result.reason.contains("differs"))

        let info = try await MediaProbe().probe(path)
        let video = try #require(info.video)
        #expect(video.width == 320 && video.height == 180)
        #expect(video.avgFrameRate == "25/1")
        let audio = try #require(info.audio)
        #expect(audio.sampleRate == 48_000 && audio.channels == 2)
        #expect(abs((audio.duration ?? 0) - 6.0) <= 0.05, "audio spans the silent first clip too")
        #expect(abs((info.format.duration ?? 0) - 6.0) <= 4 * 0.04)
        try Self.expectStrictlyRisingDTS(path)
        let report = try await Validator().validate(path)
        #expect(report.passed, "\(report.verdicts.filter { !$0.passed })")
        #expect(report.decode?.videoFrames == 150)
    }

    @Test func sizeAndRateCanBeChosen() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = Self.reel("sized.mp4", in: folder)
        let options = ReelOptions(size: VideoSize(width: 640, height: 360), frameRate: 30, crossfade: 0.4)
        let inputs = ["h264_aac.mp4", "portrait.mp4"].map { ReelInput(path: Fixtures.media($0), title: "shot \($0)") }
        let result = try await ReelBuilder(options: options).build(inputs, to: path)
        #expect(result.chapters.map(\.end) == [1.6, 2.6])
        let info = try await MediaProbe().probe(path)
        #expect(info.video?.width == 640)
        #expect(info.video?.avgFrameRate == "30/1")
        #expect(abs((info.format.duration ?? 0) - 2.6) <= 0.07, "a cross-fade overlaps the clips")
        #expect(info.format.chapters?.first?.title == "shot h264_aac.mp4")
        #expect(try await Validator().validate(path).passed)
    }

    /// A clip with a tone cross-faded into a silent clip: the tone fades out over the overlap
    /// instead of stopping where the overlap starts.
    @Test func aCrossfadeBlendsTheSoundToo() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tone = folder.appendingPathComponent("tone.mp4").path
        let silent = folder.appendingPathComponent("silent.mp4").path
        let size = VideoSize(width: 160, height: 90)
        try await ClipSynthesizer().render(ClipSpec(size: size, seconds: 2, frameRate: 30, seed: "tone", audio: true), to: tone)
        try await ClipSynthesizer().render(ClipSpec(size: size, seconds: 2, frameRate: 30, seed: "silent", audio: false), to: silent)
        let path = Self.reel("faded.mp4", in: folder)
        _ = try await ReelBuilder(options: ReelOptions(crossfade: 1)).build([ReelInput(path: tone), ReelInput(path: silent)], to: path)
        #expect(abs((try await MediaProbe().probe(path).format.duration ?? 0) - 3) <= 0.07)

        // The reel's sound as mono floats at 8 kHz, decoded by the ffmpeg CLI.
        let samples = try #require(try await FFmpegCLI.monoSamples(path, in: folder))
        func loudness(_ from: Double, _ to: Double) -> Double { FFmpegCLI.rms(samples, from: from, to: to) }
        let full = loudness(0.2, 0.8)
        #expect(full > 0.01, "the first clip has a tone")
        #expect(loudness(1.05, 1.25) > 0.7 * full, "early in the fade the tone is still loud")
        #expect((0.3 * full...0.7 * full).contains(loudness(1.4, 1.6)), "half way through it is half as loud")
        #expect(loudness(2.2, 2.8) < 0.05 * full, "after the fade only the silent clip is heard")
    }

    @Test func aBrokenInputIsNamedAndNothingIsWritten() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = Self.reel("broken.mp4", in: folder)
        let inputs = ["h264_aac.mp4", "playlist.mp4"].map { ReelInput(path: Fixtures.media($0)) }
        await #expect(throws: MediaError(.unsupportedFormat, path: Fixtures.media("playlist.mp4"), "not an MP4/MOV file (detected: hls)")) {
            try await ReelBuilder().build(inputs, to: path)
        }
        await #expect(throws: MediaError.self) {
            try await ReelBuilder().build([ReelInput(path: Fixtures.media("audio_only.mp4"))], to: path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// The corpus group R1 shares one encoder setup; R2 looks alike but its NAL length size differs.
    @Test(.corpus) func realConcatGroups() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r1 = ["media3__preroll-5s.mp4", "media3__midroll-5s.mp4", "media3__postroll-5s.mp4"]
        let copied = Self.reel("r1.mp4", in: folder)
        await #expect(try ReelBuilder().build(r1.map { ReelInput(path: Fixtures.corpusPath($0)) }, to: copied).mode == .copy)
        var sum = 0.0
        for name in r1 { sum += try await MediaProbe().probe(Fixtures.corpusPath(name)).format.duration ?? 0 }
        await #expect(abs((try MediaProbe().probe(copied).format.duration ?? 0) - sum) <= 3 * 0.04)
        try Self.expectStrictlyRisingDTS(copied)
        // The three clips are still cards: freezes and `static` are their content, not a fault.
        #expect(try await Validator(options: ValidationOptions(minimumFreezeSeconds: 100, levels: ["static": .off])).validate(copied).passed)

        let r2 = ["media3__sample.mp4", "media3__sample_2_byte_NAL_length.mp4"].map { ReelInput(path: Fixtures.corpusPath($0)) }
        await #expect(throws: MediaError.self) { try await ReelBuilder(options: ReelOptions(mode: .copy)).build(r2, to: Self.reel("x.mp4", in: folder)) }
        let encoded = Self.reel("r2.mp4", in: folder)
        let result = try await ReelBuilder().build(r2, to: encoded)
        #expect(result.mode == .reencode)
        #expect(result.reason.contains("extradata"))
        #expect(try await Validator(options: ValidationOptions(minimumFreezeSeconds: 100)).validate(encoded).passed)
    }
}
