import Foundation
import MediaKit
import TestSupport
import Testing

/// Issue 11 (8), (17) and the faststart wording: `web_playback` requires what every browser
/// plays, not only a yuv420p pixel format; `--codec` understands the usual spellings; a file
/// without `mdat` says what it has.
struct WebPlaybackTests {
    static func quick(_ path: String, codec: String? = nil) async throws -> ValidationReport {
        try await Validator(options: ValidationOptions(expectedCodec: codec, deep: false)).validate(path)
    }

    @Test func h264AndAACInMP4Plays() async throws {
        let verdict = try await Self.quick(Fixtures.media("h264_aac.mp4")).verdict("web_playback")
        #expect(verdict?.passed == true)
        #expect(verdict?.actual == "h264 (avc1) yuv420p, aac, mp4")
        #expect(try await Self.quick(Fixtures.media("h264_silent.mp4")).verdict("web_playback")?.passed == true, "no audio is fine")
    }

    /// Each of these is yuv420p 8-bit, which the old pixel-format rule let through.
    @Test(arguments: [
        ("vp9.mp4", 128, ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8"], "vp9 video"),
        ("hevc.mp4", 128, ["-c:v", "libx265", "-preset", "ultrafast", "-tag:v", "hvc1", "-x265-params", "log-level=error"], "hevc video"),
        ("av1.mp4", 128, ["-c:v", "libaom-av1", "-cpu-used", "8", "-row-mt", "1"], "av1 video"),
        ("h263.3gp", 176, ["-c:v", "h263"], "h263 video"),
        ("high10.mp4", 128, ["-c:v", "libx264", "-pix_fmt", "yuv420p10le"], "yuv420p10le pixels"),
        ("mp3.mp4", 128, ["-c:a", "libmp3lame"], "mp3 audio"),
        ("opus.mp4", 128, ["-c:a", "libopus", "-strict", "-2"], "opus audio"),
        ("quicktime.mov", 128, ["-f", "mov"], "QuickTime (qt) file, not MP4"),
    ])
    func whatSomeBrowsersCannotPlayFails(_ name: String, _ width: Int, _ options: [String], _ problem: String) async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let height = width * 9 / 16 / 2 * 2
        let path = try await FFmpegCLI.makeClip(
            name, in: folder,
            inputs: ["testsrc2=s=\(width == 176 ? "176x144" : "\(width)x\(height)"):r=25:d=0.4", "sine=sample_rate=48000:d=0.4"],
            options: options
        )
        let verdict = try await #require(Self.quick(path).verdict("web_playback"))
        #expect(!verdict.passed, "\(name): \(verdict.actual)")
        #expect(verdict.actual.contains(problem), "\(name): \(verdict.actual)")
        #expect(verdict.severity == .error)
    }

    @Test(arguments: ["h264", "H264", "avc", "AVC1", "h.264", " h264 "])
    func anySpellingOfH264Matches(_ codec: String) async throws {
        let verdict = try await Self.quick(Fixtures.media("h264_aac.mp4"), codec: codec).verdict("codec")
        #expect(verdict?.passed == true, "\(codec): expected \(verdict?.expected ?? "")")
    }

    @Test(arguments: ["hevc", "H265", "hvc1", "vp9"])
    func anotherCodecDoesNot(_ codec: String) async throws {
        let verdict = try await Self.quick(Fixtures.media("h264_aac.mp4"), codec: codec).verdict("codec")
        #expect(verdict?.passed == false)
        #expect(verdict?.expected == (codec == "vp9" ? "vp9" : "hevc"))
    }

    /// `h264_aac.mp4` with its `mdat` box renamed `free`: the samples are still where the
    /// `moov` says, but there is no `mdat`, and the rule says what is there instead of "ok".
    @Test func aFileWithoutMdatSaysWhatItHas() async throws {
        let folder = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.media("h264_aac.mp4")))
        let mdat = try #require(bytes.range(of: Data("mdat".utf8)))
        bytes.replaceSubrange(mdat, with: Data("free".utf8))
        let path = folder.appendingPathComponent("no-mdat.mp4").path
        try bytes.write(to: URL(fileURLWithPath: path))
        let verdict = try #require(try await Self.quick(path).verdict("faststart"))
        #expect(!verdict.passed)
        #expect(verdict.actual == "no mdat box (top-level boxes: ftyp, moov, free)")
    }
}
