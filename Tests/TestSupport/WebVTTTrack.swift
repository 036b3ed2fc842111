import Foundation

/// Reads a WebVTT thumbnail track as a player does (`HH:MM:SS.mmm --> HH:MM:SS.mmm`, then
/// `IMAGE#xywh=x,y,w,h` relative to the VTT file) and checks it against its images.
public enum WebVTTTrack {
    public struct Cue: Sendable, Hashable {
        public var start: Double
        public var end: Double
        /// The image's file name, percent-decoded.
        public var file: String
        public var x: Int, y: Int, width: Int, height: Int
    }

    /// The cues of `text`; throws on anything a player would not read.
    public static func parse(_ text: String) throws -> [Cue] {
        guard text.hasPrefix("WEBVTT") else { throw FFmpegFailure(message: "no WEBVTT header") }
        func seconds(_ stamp: String) throws -> Double {
            let parts = stamp.trimmingCharacters(in: .whitespaces).split(separator: ":")
            guard parts.count == 3, let hours = Double(parts[0]), let minutes = Double(parts[1]), let secs = Double(parts[2]) else {
                throw FFmpegFailure(message: "bad timestamp \(stamp)")
            }
            return hours * 3600 + minutes * 60 + secs
        }
        var cues: [Cue] = []
        let lines = text.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() where line.contains(" --> ") {
            let times = line.components(separatedBy: " --> ")
            guard times.count == 2, index + 1 < lines.count else { throw FFmpegFailure(message: "bad cue \(line)") }
            let target = lines[index + 1]
            let pieces = target.split(separator: "#", maxSplits: 1).map(String.init)
            guard pieces.count == 2, pieces[1].hasPrefix("xywh="), let file = pieces[0].removingPercentEncoding else {
                throw FFmpegFailure(message: "bad cue target \(target)")
            }
            let numbers = pieces[1].dropFirst(5).split(separator: ",").compactMap { Int($0) }
            guard numbers.count == 4 else { throw FFmpegFailure(message: "bad xywh in \(target)") }
            cues.append(
                Cue(start: try seconds(times[0]), end: try seconds(times[1]), file: file, x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3])
            )
        }
        return cues
    }

    /// The texts of a chapters track's cues, in order.
    public static func parseChapters(_ text: String) throws -> [String] {
        guard text.hasPrefix("WEBVTT") else { throw FFmpegFailure(message: "no WEBVTT header") }
        let lines = text.components(separatedBy: "\n")
        return lines.indices.filter { lines[$0].contains(" --> ") && $0 + 1 < lines.count }.map { lines[$0 + 1] }
    }

    /// What is wrong with the track at `path` for a video of `duration` seconds with a thumbnail
    /// every `interval`: empty when the cues run from 0 to the end without gaps, one per interval,
    /// and every cue's image exists beside the VTT file and holds its rectangle (sizes from ffprobe).
    public static func problems(vtt path: String, duration: Double, interval: Double) async throws -> [String] {
        let cues = try Self.parse(String(contentsOfFile: path, encoding: .utf8))
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var problems: [String] = []
        let expected = Int((duration / interval - 1e-9).rounded(.up))
        if cues.count != expected { problems.append("\(cues.count) cues, expected \(expected)") }
        if cues.first?.start != 0 { problems.append("the first cue starts at \(cues.first?.start ?? -1)") }
        if abs((cues.last?.end ?? 0) - duration) > 0.0011 { problems.append("the last cue ends at \(cues.last?.end ?? 0), not \(duration)") }
        for (previous, next) in zip(cues, cues.dropFirst()) where previous.end != next.start {
            problems.append("a gap or overlap at \(previous.end)")
        }
        var sizes: [String: (width: Int, height: Int)] = [:]
        for cue in cues {
            if sizes[cue.file] == nil {
                let image = folder.appendingPathComponent(cue.file).path
                guard FileManager.default.fileExists(atPath: image) else {
                    problems.append("\(cue.file) does not exist")
                    continue
                }
                sizes[cue.file] = try await Self.imageSize(image)
            }
            guard let size = sizes[cue.file] else { continue }
            if cue.x < 0 || cue.y < 0 || cue.width <= 0 || cue.height <= 0 || cue.x + cue.width > size.width || cue.y + cue.height > size.height {
                problems.append("\(cue) lies outside the \(size.width)x\(size.height) image")
            }
        }
        return problems
    }

    /// An image's size as ffprobe reads it; (0, 0) when it cannot.
    public static func imageSize(_ path: String) async throws -> (width: Int, height: Int) {
        let arguments = ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path]
        let result = try await ProcessRunner.run(URL(fileURLWithPath: "/usr/bin/env"), arguments)
        let numbers = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").compactMap { Int($0) }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : (0, 0)
    }
}
