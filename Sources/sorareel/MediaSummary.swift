import Foundation
import MediaKit

/// The readable form of a probe: one line for the container, one per stream, in the spirit
/// of ffprobe's default output.
struct MediaSummary {
    var path: String
    var info: MediaInfo

    var text: String {
        let format = self.info.format
        var header = "\(self.path): \(format.formatName)"
        if let brand = format.tags["major_brand"] {
            header += " (\(brand.trimmingCharacters(in: .whitespaces)))"
        }
        header += ", \(format.duration.map(Self.seconds) ?? "unknown duration")"
        if let size = format.size { header += ", \(Self.bytes(size))" }
        if let rate = format.bitRate { header += ", \(rate / 1000) kb/s" }
        var lines = [header]
        for stream in self.info.streams {
            lines.append("  #\(stream.index) \(stream.codecType): " + Self.describe(stream))
        }
        for chapter in format.chapters ?? [] {
            lines.append("  chapter \(Self.seconds(chapter.start))-\(Self.seconds(chapter.end)): \(chapter.title ?? "")")
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ stream: StreamInfo) -> String {
        var parts: [String] = []
        var codec = stream.codecName ?? "unknown codec"
        if let profile = stream.profile { codec += " (\(profile))" }
        parts.append(codec)
        if let width = stream.width, let height = stream.height {
            var size = "\(width)x\(height)"
            if let sar = stream.sampleAspectRatio, let dar = stream.displayAspectRatio, sar != "1:1" {
                size += " [SAR \(sar) DAR \(dar)]"
            }
            parts.append(size)
        }
        if let pixFmt = stream.pixFmt { parts.append(pixFmt) }
        if stream.codecType == "video", let fps = Self.rate(stream.avgFrameRate) { parts.append("\(fps) fps") }
        if let rotation = stream.rotation, rotation != 0 { parts.append("rotation \(rotation)°") }
        if let sampleRate = stream.sampleRate { parts.append("\(sampleRate) Hz") }
        if let layout = stream.channelLayout ?? stream.channels.map({ "\($0) channels" }) { parts.append(layout) }
        if let duration = stream.duration { parts.append(Self.seconds(duration)) }
        if let rate = stream.bitRate { parts.append("\(rate / 1000) kb/s") }
        return parts.joined(separator: ", ")
    }

    static func seconds(_ value: Double) -> String {
        String(format: "%.3fs", value)
    }

    static func bytes(_ value: Int64) -> String {
        value >= 1 << 20
            ? String(format: "%.1f MiB", Double(value) / 1_048_576)
            : String(format: "%.1f KiB", Double(value) / 1024)
    }

    static func rate(_ fraction: String) -> String? {
        let parts = fraction.split(separator: "/").compactMap { Double($0) }
        guard parts.count == 2, parts[1] != 0, parts[0] != 0 else { return nil }
        let value = parts[0] / parts[1]
        return value == value.rounded() ? String(Int(value)) : String(format: "%.3f", value)
    }
}
