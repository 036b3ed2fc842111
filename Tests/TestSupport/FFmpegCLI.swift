public import Foundation

/// The `ffmpeg` command line, for clips made to fail a rule and for ground truth to compare
/// with. `scripts/setup` installs it, on developers' machines and in CI.
public enum FFmpegCLI {
    static let env = URL(fileURLWithPath: "/usr/bin/env")

    /// Runs `ffmpeg` with `arguments` (after `-hide_banner -nostats`).
    public static func run(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await ProcessRunner.run(Self.env, ["ffmpeg", "-hide_banner", "-nostats"] + arguments)
    }

    /// `ffprobe -v error ARGUMENTS -of json PATH`, parsed: what FFmpeg's own tool reads in `path`.
    public static func probe(_ path: String, _ arguments: [String]) async throws -> [String: Any] {
        let result = try await ProcessRunner.run(Self.env, ["ffprobe", "-v", "error"] + arguments + ["-of", "json", path])
        guard result.status == 0, let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw FFmpegFailure(message: "ffprobe could not read \(path): \(result.stderr)")
        }
        return json
    }

    /// Makes `name` in `folder` from lavfi sources: `inputs` are `-f lavfi -i` graphs, `options`
    /// go before the output (codecs, filters, `-t`). Video is H.264 yuv420p, audio AAC, unless
    /// `options` say otherwise.
    /// - Returns: the clip's path.
    /// - Throws: when ffmpeg fails, with its error output.
    public static func makeClip(_ name: String, in folder: URL, inputs: [String], options: [String] = []) async throws -> String {
        let path = folder.appendingPathComponent(name).path
        let sources = inputs.flatMap { ["-f", "lavfi", "-i", $0] }
        let codecs = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-threads", "1"]
        let result = try await Self.run(["-v", "error", "-y"] + sources + codecs + options + [path])
        guard result.status == 0 else {
            throw FFmpegFailure(message: "ffmpeg could not make \(name): \(result.stderr)")
        }
        return path
    }

    /// `ffmpeg -af ebur128=peak=true`'s summary of stream `stream` of `path` (an audio stream):
    /// integrated loudness (LUFS) and true peak (dBTP), each to 0.1 as ffmpeg prints them.
    public static func ebur128(_ path: String, stream: Int) async throws -> (integrated: Double, truePeak: Double)? {
        let result = try await Self.run(["-i", path, "-map", "0:\(stream)", "-af", "ebur128=peak=true", "-f", "null", "-"])
        guard result.status == 0, let summary = result.stderr.range(of: "Summary:") else { return nil }
        let text = result.stderr[summary.upperBound...]
        func value(after label: String, in text: Substring) -> Double? {
            guard let range = text.range(of: label) else { return nil }
            return Double(text[range.upperBound...].drop { $0 == " " }.prefix { !$0.isWhitespace })
        }
        guard let integrated = value(after: "I:", in: text), let peakSection = text.range(of: "True peak:"),
            let peak = value(after: "Peak:", in: text[peakSection.upperBound...])
        else { return nil }
        return (integrated, peak)
    }

    /// The first (`last: false`) or last picture of `clip`, written to `path` as PNG.
    public static func frame(of clip: String, last: Bool, to path: String) async throws {
        let seek = last ? ["-sseof", "-1"] : []
        let pick = last ? ["-update", "1"] : ["-frames:v", "1"]
        let result = try await Self.run(["-v", "error", "-y"] + seek + ["-i", clip] + pick + [path])
        guard result.status == 0 else { throw FFmpegFailure(message: "ffmpeg could not take a frame of \(clip): \(result.stderr)") }
    }

    /// ffmpeg's own picture of `clip` at `time` (accurate input seek, autorotate on), scaled to
    /// `width` x `height` and written to `path`.
    public static func frame(of clip: String, at time: Double, width: Int, height: Int, to path: String) async throws {
        let result = try await Self.run(["-v", "error", "-y", "-ss", String(time), "-i", clip, "-frames:v", "1", "-vf", "scale=\(width):\(height)", path])
        guard result.status == 0 else { throw FFmpegFailure(message: "ffmpeg could not take the picture at \(time) s of \(clip): \(result.stderr)") }
    }

    /// The PSNR (dB) of `picture`, `width` x `height`, against ffmpeg's own picture of `clip` at
    /// `time` at that size (written beside `picture`): the ground truth for stills, sheets and
    /// previews.
    public static func psnr(of picture: String, againstFrameOf clip: String, at time: Double, width: Int, height: Int) async throws -> Double {
        let reference = picture + ".ffmpeg.png"
        try await Self.frame(of: clip, at: time, width: width, height: height, to: reference)
        guard let psnr = try await Self.psnr(picture, reference) else { throw FFmpegFailure(message: "ffmpeg's psnr filter measured nothing for \(picture)") }
        return psnr
    }

    /// The PSNR (dB, all planes) between two pictures of one size, as ffmpeg's `psnr` filter
    /// measures it; `inf` for identical pictures.
    public static func psnr(_ a: String, _ b: String) async throws -> Double? {
        let result = try await Self.run(["-i", a, "-i", b, "-lavfi", "psnr", "-f", "null", "-"])
        guard let range = result.stderr.range(of: "average:") else { return nil }
        let text = result.stderr[range.upperBound...].prefix { !$0.isWhitespace }
        return text == "inf" ? .infinity : Double(text)
    }
}

/// ffmpeg failed to make a test clip.
public struct FFmpegFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { self.message }
}
