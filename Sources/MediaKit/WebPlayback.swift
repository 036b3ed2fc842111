/// The `web_playback` rule: what plays in every current browser without transcoding is
/// H.264 video tagged `avc1`, 8-bit 4:2:0 (`yuv420p`), with AAC audio or none, in an MP4
/// (ISO base media) file. VP9, HEVC, AV1 and H.263 in MP4 do not play everywhere, nor does
/// H.264 High 10 or 4:4:4, nor a QuickTime (`qt  `) file.
struct WebPlayback {
    static let pixelFormats: Set<String> = ["yuv420p", "yuvj420p"]
    static let expected = "H.264 (avc1) yuv420p 8-bit video, AAC or no audio, in MP4"

    let info: MediaInfo
    let video: StreamInfo

    var verdict: Verdict {
        var problems: [String] = []
        let codec = self.video.codecName ?? "unknown codec"
        if codec != "h264" {
            problems.append("\(codec) video")
        } else if self.video.codecTagString != "avc1" {
            problems.append("h264 tagged \(self.video.codecTagString), not avc1")
        }
        let format = self.video.pixFmt ?? "unknown pixel format"
        if !Self.pixelFormats.contains(format) {
            problems.append("\(format) pixels")
        }
        for audio in self.info.streams(ofType: "audio") where audio.codecName != "aac" {
            problems.append("\(audio.codecName ?? "unknown") audio")
        }
        if self.info.format.formatName != ValidationRules.movFamily {
            problems.append("\(self.info.format.formatName) container")
        } else if self.info.format.tags["major_brand"]?.trimmingCharacters(in: " ") == "qt" {
            problems.append("QuickTime (qt) file, not MP4")
        }
        let audio = self.info.audio?.codecName ?? "no audio"
        return Verdict(
            rule: "web_playback",
            passed: problems.isEmpty,
            expected: Self.expected,
            actual: problems.isEmpty ? "\(codec) (\(self.video.codecTagString)) \(format), \(audio), mp4" : problems.joined(separator: "; ")
        )
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var slice = Substring(self)
        while slice.first == character { slice = slice.dropFirst() }
        while slice.last == character { slice = slice.dropLast() }
        return String(slice)
    }
}
