import Foundation
import MediaKit
import SoraAPI
import TestSupport
import Testing

/// A reel's sound (issue 17): a music bed under the clips, and a loudness target that ffmpeg's
/// own `ebur128=peak=true` confirms on the file written, in copy and re-encode modes.
struct ReelSoundTests {
    static let music = Fixtures.media("music.m4a")

    /// ffmpeg's EBU R128 summary of the reel's sound: -16 ± 0.5 LUFS with a true peak of at
    /// most -1.0 dBTP, and the builder's own measure agrees with it.
    static func expectLoudness(_ reel: String, _ result: ReelResult, target: Double = -16, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let found = try await FFmpegCLI.streams(reel).firstIndex { $0.type == "audio" }
        let index = try #require(found, sourceLocation: sourceLocation)
        let measured = try #require(try await FFmpegCLI.ebur128(reel, stream: index), sourceLocation: sourceLocation)
        #expect(abs(measured.integrated - target) <= 0.5, "integrated \(measured.integrated) LUFS", sourceLocation: sourceLocation)
        #expect(measured.truePeak <= -1.0, "true peak \(measured.truePeak) dBTP", sourceLocation: sourceLocation)
        let own = try #require(result.loudness, sourceLocation: sourceLocation)
        #expect(abs(own.integrated - measured.integrated) <= 0.2, "\(own) vs ffmpeg's \(measured)", sourceLocation: sourceLocation)
        #expect(abs(own.truePeak - measured.truePeak) <= 0.3, "\(own) vs ffmpeg's \(measured)", sourceLocation: sourceLocation)
    }

    /// Copy mode with a loudness target: the pictures are still copied, the sound re-encoded at -16 LUFS.
    @Test func loudnessInCopyMode() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        var options = ReelOptions(mode: .copy)
        options.loudness = -16
        let inputs = ["h264_aac.mp4", "h264_aac_b.mp4", "h264_aac.mp4"].map { ReelInput(path: Fixtures.media($0)) }
        let result = try await ReelBuilder(options: options).build(inputs, to: reel)
        #expect(result.mode == .copy)
        try await Self.expectLoudness(reel, result)
        let info = try await MediaProbe().probe(reel)
        #expect(info.format.chapters?.map(\.start) == [0, 2, 3])
        #expect(abs((info.audio?.duration ?? 0) - 5) <= 0.05)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["reel.mp4"], "no intermediate file left")
        let report = try await Validator().validate(reel)
        #expect(report.passed, "\(report.verdicts.filter { !$0.passed })")
        #expect(report.decode?.videoFrames == 125, "the pictures are all there")
    }

    /// Re-encoded with a cross-fade, music under a silent clip and a clip with sound, at -16 LUFS.
    @Test func musicAndLoudnessWhenReencoding() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        var options = ReelOptions(crossfade: 0.4)
        options.music = Self.music
        options.loudness = -16
        let inputs = ["h264_silent.mp4", "different_size.mp4", "h264_aac.mp4"].map { ReelInput(path: Fixtures.media($0)) }
        let result = try await ReelBuilder(options: options).build(inputs, to: reel)
        #expect(result.mode == .reencode)
        try await Self.expectLoudness(reel, result)
        let samples = try #require(try await FFmpegCLI.monoSamples(reel, in: folder))
        let length = Double(samples.count) / 8000
        #expect(abs(length - 4.2) <= 0.05, "the sound spans the reel (2 + 1 + 2 s less two 0.4 s fades): \(length)")
        let bed = FFmpegCLI.rms(samples, from: 0.5, to: 1.4)
        #expect(bed > 0.003, "the music plays under the silent first clip")
        #expect(FFmpegCLI.rms(samples, from: 0, to: 0.1) < 0.5 * bed, "and fades in")
        #expect(FFmpegCLI.rms(samples, from: 2.6, to: 3.4) > 3 * bed, "well under the clips' own sound")
        #expect(try await Validator().validate(reel).passed)
    }

    /// Music under clips with sound, copy mode, no loudness target: the reel is about as loud as
    /// its clips (the music 15 LU under them adds about 0.1 LU), looped past its 2.5 s.
    @Test func musicSitsUnderTheClips() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appendingPathComponent("plain.mp4").path
        let reel = folder.appendingPathComponent("reel.mp4").path
        let inputs = ["h264_aac.mp4", "h264_aac_b.mp4", "h264_aac.mp4"].map { ReelInput(path: Fixtures.media($0)) }
        _ = try await ReelBuilder().build(inputs, to: plain)
        var options = ReelOptions()
        options.music = Self.music
        let result = try await ReelBuilder(options: options).build(inputs, to: reel)
        #expect(result.mode == .copy)
        let without = try #require(try await FFmpegCLI.ebur128(plain, stream: 1))
        let with = try #require(try await FFmpegCLI.ebur128(reel, stream: 1))
        #expect(with.integrated - without.integrated >= 0 && with.integrated - without.integrated <= 0.6, "\(with) vs \(without)")
        #expect(with.truePeak <= -1.0)
        #expect(result.loudness != nil)
        // The music is there, looped (3-4 s is its second pass), about 15 dB under the clip's
        // 440 Hz tone: its 220 Hz note, which no clip has, against that tone.
        let a = try #require(try await FFmpegCLI.monoSamples(plain, in: folder))
        let b = try #require(try await FFmpegCLI.monoSamples(reel, in: folder))
        #expect(abs(b.count - 40_000) <= 400)
        let tone = Self.amplitude(of: 440, in: b, from: 3.0, to: 4.0)
        let bed = Self.amplitude(of: 220, in: b, from: 3.0, to: 4.0)
        #expect(Self.amplitude(of: 220, in: a, from: 3.0, to: 4.0) < 0.01 * tone, "no 220 Hz without music")
        #expect(bed > 0.04 * tone && bed < 0.4 * tone, "the music's 220 Hz at 3-4 s: \(bed) under the clip's \(tone)")
    }

    /// The amplitude of the `frequency` Hz component of 8 kHz `samples` from `from` to `to`
    /// seconds (Goertzel's algorithm).
    static func amplitude(of frequency: Double, in samples: [Float], from: Double, to: Double) -> Double {
        let window = samples[min(samples.count, Int(from * 8000))..<min(samples.count, Int(to * 8000))]
        let coefficient = 2 * cos(2 * Double.pi * frequency / 8000)
        var (previous, beforePrevious) = (0.0, 0.0)
        for sample in window {
            (previous, beforePrevious) = (Double(sample) + coefficient * previous - beforePrevious, previous)
        }
        let power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
        return 2 * power.squareRoot() / Double(max(1, window.count))
    }

    /// Clips without sound (a stream copy of silent clips) still get the music, alone, at the target.
    @Test func silentClipsGetTheMusic() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        var options = ReelOptions()
        options.music = Self.music
        options.loudness = -16
        let inputs = ["h264_silent.mp4", "h264_silent.mp4"].map { ReelInput(path: Fixtures.media($0)) }
        let result = try await ReelBuilder(options: options).build(inputs, to: reel)
        #expect(result.mode == .copy)
        try await Self.expectLoudness(reel, result)
        let info = try await MediaProbe().probe(reel)
        #expect(abs((info.audio?.duration ?? 0) - 4) <= 0.05)
        #expect(info.audio?.codecName == "aac")
        let samples = try #require(try await FFmpegCLI.monoSamples(reel, in: folder))
        let middle = FFmpegCLI.rms(samples, from: 1.5, to: 2.5)
        #expect(FFmpegCLI.rms(samples, from: 0, to: 0.1) < 0.3 * middle, "the music fades in")
        #expect(FFmpegCLI.rms(samples, from: 3.9, to: 4.0) < 0.3 * middle, "and out")
    }

    /// A loudness target with no sound anywhere: the reel is made, silent, with a note.
    @Test func aSilentReelWithALoudnessTargetGetsANote() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        var options = ReelOptions()
        options.loudness = -16
        let result = try await ReelBuilder(options: options).build([ReelInput(path: Fixtures.media("h264_silent.mp4"))], to: reel)
        #expect(result.notes == ["\(reel): the reel has no sound: the loudness target of -16.0 LUFS was not applied"])
        #expect(result.loudness == nil)
        #expect(try await MediaProbe().probe(reel).audio == nil)
    }

    @Test func badMusicIsNamedAndNothingIsWritten() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reel = folder.appendingPathComponent("reel.mp4").path
        let missing = folder.appendingPathComponent("missing.mp3").path
        let cases: [(String, MediaError)] = [
            (missing, MediaError(.notFound, path: missing, "no such file")),
            (Fixtures.media("h264_silent.mp4"), MediaError(.noAudio, path: Fixtures.media("h264_silent.mp4"), "has no sound to lay under the reel")),
            (
                Fixtures.media("html_error.mp4"),
                MediaError(
                    .unsupportedFormat, path: Fixtures.media("html_error.mp4"), "not an audio or video file (an HTML/XML document: a web or error page?)")
            ),
        ]
        for (music, expected) in cases {
            var options = ReelOptions()
            options.music = music
            await #expect(throws: expected) { try await ReelBuilder(options: options).build([ReelInput(path: Fixtures.media("h264_aac.mp4"))], to: reel) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// Music from a WAV file (not an MP4) is read too.
    @Test func musicFromAWAVFile() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wav = folder.appendingPathComponent("bed.wav").path
        let made = try await FFmpegCLI.run(["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=44100:duration=1", wav])
        try #require(made.status == 0)
        let reel = folder.appendingPathComponent("reel.mp4").path
        var options = ReelOptions()
        options.music = wav
        let result = try await ReelBuilder(options: options).build([ReelInput(path: Fixtures.media("h264_silent.mp4"))], to: reel)
        let measured = try #require(try await FFmpegCLI.ebur128(reel, stream: 1))
        #expect(abs(measured.integrated - -20) <= 1, "music alone sits at -20 LUFS: \(measured)")
        #expect(result.loudness.map { abs($0.integrated - measured.integrated) <= 0.2 } == true)
    }
}
