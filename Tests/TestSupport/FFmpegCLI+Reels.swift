public import Foundation

/// Ground truth about reels from the `ffmpeg`/`ffprobe` command line: pictures, sound and
/// subtitles as FFmpeg's own tools read them.
extension FFmpegCLI {
    /// Picture `index` (counted from 0 in presentation order) of `path` as 8-bit luma, one byte
    /// per pixel, decoded by ffmpeg; `nil` when ffmpeg could not.
    public static func lumaFrame(_ path: String, index: Int, in folder: URL) async throws -> [UInt8]? {
        let raw = folder.appendingPathComponent("frame-\(UUID().uuidString).gray").path
        defer { try? FileManager.default.removeItem(atPath: raw) }
        let result = try await Self.run([
            "-v", "error", "-y", "-i", path, "-map", "0:v:0", "-vf", "select=eq(n\\,\(index))", "-vsync", "0", "-frames:v", "1",
            "-f", "rawvideo", "-pix_fmt", "gray", raw,
        ])
        guard result.status == 0, let data = FileManager.default.contents(atPath: raw), !data.isEmpty else { return nil }
        return [UInt8](data)
    }

    /// The peak signal-to-noise ratio of two pictures of one size, in dB (`.infinity` when identical).
    public static func psnr(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var sum = 0.0
        for index in a.indices {
            let difference = Double(a[index]) - Double(b[index])
            sum += difference * difference
        }
        let mse = sum / Double(a.count)
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }

    /// The first audio stream of `path` as mono 32-bit floats at `rate` Hz, decoded by ffmpeg.
    public static func monoSamples(_ path: String, rate: Int = 8000, in folder: URL) async throws -> [Float]? {
        let raw = folder.appendingPathComponent("sound-\(UUID().uuidString).f32").path
        defer { try? FileManager.default.removeItem(atPath: raw) }
        let result = try await Self.run(["-v", "error", "-y", "-i", path, "-map", "0:a:0", "-ac", "1", "-ar", String(rate), "-f", "f32le", raw])
        guard result.status == 0, let data = FileManager.default.contents(atPath: raw) else { return nil }
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    /// The root-mean-square level of `samples` (at `rate` Hz) from `from` to `to` seconds.
    public static func rms(_ samples: [Float], rate: Int = 8000, from: Double, to: Double) -> Double {
        let window = samples[min(samples.count, Int(from * Double(rate)))..<min(samples.count, Int(to * Double(rate)))]
        return (window.reduce(0) { $0 + Double($1 * $1) } / Double(max(1, window.count))).squareRoot()
    }

    /// The first subtitle stream of `path` converted to WebVTT by ffmpeg, parsed into cues
    /// (text unescaped). WebVTT rather than SubRip: ffmpeg's SubRip writer wraps every cue in
    /// a `<font size>` tag whenever the track's font size is not ASS's default 16.
    public static func subtitles(_ path: String, in folder: URL) async throws -> [(start: Double, end: Double, text: String)]? {
        let vtt = folder.appendingPathComponent("subtitles-\(UUID().uuidString).vtt").path
        defer { try? FileManager.default.removeItem(atPath: vtt) }
        let result = try await Self.run(["-v", "error", "-y", "-i", path, "-map", "0:s:0", "-f", "webvtt", vtt])
        guard result.status == 0, let text = try? String(contentsOfFile: vtt, encoding: .utf8) else { return nil }
        func seconds(_ stamp: Substring) -> Double {
            let parts = stamp.trimmingCharacters(in: .whitespaces).split(separator: ":").map { Double($0) ?? 0 }
            return parts.reduce(0) { $0 * 60 + $1 }
        }
        func unescaped(_ line: String) -> String {
            line.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&nbsp;", with: "\u{A0}").replacingOccurrences(of: "&amp;", with: "&")
        }
        return text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").compactMap { block in
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            guard let timing = lines.firstIndex(where: { $0.contains("-->") }), let arrow = lines[timing].range(of: "-->") else { return nil }
            let start = seconds(lines[timing][..<arrow.lowerBound])
            let end = seconds(lines[timing][arrow.upperBound...].split(separator: " ").first ?? "")
            return (start, end, unescaped(lines[(timing + 1)...].joined(separator: "\n")))
        }
    }

    /// `ffprobe`'s streams of `path`: codec type, codec name and language tag of each.
    public static func streams(_ path: String) async throws -> [(type: String, codec: String, language: String?)] {
        let result = try await ProcessRunner.run(
            Self.env, ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type,codec_name:stream_tags=language", "-of", "json", path]
        )
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
            let streams = object["streams"] as? [[String: Any]]
        else { return [] }
        return streams.map {
            (($0["codec_type"] as? String) ?? "", ($0["codec_name"] as? String) ?? "", ($0["tags"] as? [String: Any])?["language"] as? String)
        }
    }
}
