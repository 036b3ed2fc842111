import Foundation
import MediaKit
import TestSupport
import Testing

/// Probe values against ffprobe's own output on every real-world corpus file.
@Suite(.serialized)
struct ProbeGroundTruthTests {
    static let movFamily = "mov,mp4,m4a,3gp,3g2,mj2"
    static let streamFields = [
        "codec_type", "codec_name", "profile", "codec_tag_string", "width", "height", "sample_aspect_ratio",
        "display_aspect_ratio", "pix_fmt", "level", "field_order", "r_frame_rate", "avg_frame_rate", "time_base",
        "nb_frames", "bit_rate", "sample_rate", "channels", "channel_layout",
        "color_range", "color_space", "color_transfer", "color_primaries", "chroma_location",
    ]

    @Test(.corpus, arguments: Fixtures.corpusFiles)
    func probeMatchesFFprobe(_ name: String) async throws {
        let path = Fixtures.corpusPath(name)
        guard let truth = Fixtures.groundTruth(name),
            let format = truth["format"] as? [String: Any],
            format["format_name"] as? String == Self.movFamily
        else {
            // ffprobe could not read it, or read it with a demuxer other than mov: we refuse it.
            await #expect(throws: MediaError.self) { try await MediaProbe().probe(path) }
            return
        }
        let info = try await MediaProbe().probe(path)
        let ours = try Self.jsonObject(info)
        let ourFormat = try #require(ours["format"] as? [String: Any])

        #expect(ourFormat["format_name"] as? String == Self.movFamily)
        for key in ["size", "bit_rate", "nb_streams"] {
            #expect(Self.text(ourFormat[key]) == Self.text(format[key]), "\(name) format.\(key)")
        }
        for key in ["duration", "start_time"] {
            Self.expectSeconds(ourFormat[key], format[key], "\(name) format.\(key)")
        }
        #expect(info.format.tags == (format["tags"] as? [String: String] ?? [:]), "\(name) format.tags")

        let truthStreams = try #require(truth["streams"] as? [[String: Any]])
        let ourStreams = try #require(ours["streams"] as? [[String: Any]])
        try #require(ourStreams.count == truthStreams.count, "\(name) stream count")
        for (stream, expected) in zip(ourStreams, truthStreams) {
            let label = "\(name) #\(expected["index"] ?? "?")"
            for key in Self.streamFields {
                #expect(Self.text(stream[key]) == Self.text(expected[key]), "\(label) \(key)")
            }
            for key in ["duration", "start_time"] {
                Self.expectSeconds(stream[key], expected[key], "\(label) \(key)")
            }
            #expect(stream["tags"] as? [String: String] ?? [:] == expected["tags"] as? [String: String] ?? [:])
            #expect(stream["disposition"] as? [String: Int] == expected["disposition"] as? [String: Int])
            #expect(Self.text(stream["rotation"]) == Self.text(Self.rotation(expected)), "\(label) rotation")
        }
    }

    /// ffprobe prints a degenerate display matrix's NaN angle as Int64.min; we report no rotation.
    static func rotation(_ stream: [String: Any]) -> Any? {
        let sideData = stream["side_data_list"] as? [[String: Any]] ?? []
        guard let rotation = sideData.compactMap({ $0["rotation"] }).first else { return nil }
        if let number = rotation as? NSNumber, number.int64Value == Int64.min { return nil }
        return rotation
    }

    static func jsonObject(_ info: MediaInfo) throws -> [String: Any] {
        let data = try JSONEncoder().encode(info)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Values compared as text, since ffprobe prints numbers as strings where we print numbers.
    static func text(_ value: Any?) -> String? {
        switch value {
        case nil: nil
        case let number as NSNumber: number.stringValue
        case let string as String: string
        default: "\(value!)"
        }
    }

    static func expectSeconds(
        _ ours: Any?,
        _ theirs: Any?,
        _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let a = Self.text(ours).flatMap(Double.init)
        let b = Self.text(theirs).flatMap(Double.init)
        #expect((a == nil) == (b == nil), "\(label): \(String(describing: a)) vs \(String(describing: b))", sourceLocation: sourceLocation)
        if let a, let b {
            #expect(abs(a - b) <= 0.001, "\(label): \(a) vs \(b)", sourceLocation: sourceLocation)
        }
    }
}
