public import Foundation

/// The `ffmpeg` command line, for clips made to fail a rule and for ground truth to compare
/// with. `scripts/setup` installs it, on developers' machines and in CI.
public enum FFmpegCLI {
    static let env = URL(fileURLWithPath: "/usr/bin/env")

    /// Runs `ffmpeg` with `arguments` (after `-hide_banner -nostats`).
    public static func run(_ arguments: [String]) async throws -> ProcessRunner.Result {
        try await ProcessRunner.run(Self.env, ["ffmpeg", "-hide_banner", "-nostats"] + arguments)
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
}

/// ffmpeg failed to make a test clip.
public struct FFmpegFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { self.message }
}
