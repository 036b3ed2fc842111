/// The kind of data a stream carries, as `AVMediaType`.
package enum MediaType: String, Sendable {
    case video, audio, data, subtitle, attachment, unknown
}

/// A value snapshot of one stream of an input: its `AVStream` and `AVCodecParameters`,
/// copied out so that nothing borrowed from the format context escapes it.
package struct StreamParameters: Sendable {
    package var index: Int
    package var mediaType: MediaType
    /// `avcodec_descriptor_get(codec_id)->name`, or `nil` for an unknown codec.
    package var codecName: String?
    /// `avcodec_profile_name`, or the number when FFmpeg has no name for it.
    package var profile: String?
    /// The four-character code as ffprobe prints it (`avc1`, `[0][0][0][0]`).
    package var codecTagString: String
    package var width: Int
    package var height: Int
    /// `av_guess_sample_aspect_ratio`; `0/1` when unknown.
    package var sampleAspectRatio: Rational
    package var pixelFormat: String?
    package var level: Int
    /// `progressive`, `tt`, `bb`, `tb`, `bt`, or `nil` when unknown.
    package var fieldOrder: String?
    /// `av_color_range_name` (`tv`, `pc`), `nil` when unspecified, as ffprobe leaves it out.
    package var colorRange: String?
    /// `av_color_space_name` (`bt709`...), `nil` when unspecified.
    package var colorSpace: String?
    /// `av_color_transfer_name` (`bt709`, `smpte2084`...), `nil` when unspecified.
    package var colorTransfer: String?
    /// `av_color_primaries_name` (`bt709`, `bt2020`...), `nil` when unspecified.
    package var colorPrimaries: String?
    /// `av_chroma_location_name` (`left`, `topleft`...), `nil` when unspecified.
    package var chromaLocation: String?
    package var realFrameRate: Rational
    package var averageFrameRate: Rational
    package var timeBase: Rational
    /// In ``timeBase`` units, `nil` when unknown.
    package var startTime: Int64?
    /// In ``timeBase`` units, `nil` when unknown.
    package var duration: Int64?
    package var frameCount: Int64
    package var bitRate: Int64
    /// Degrees counter-clockwise from the display matrix, `nil` without one or when it is degenerate.
    package var rotation: Double?
    /// The display matrix's nine entries (16.16 and 2.30 fixed point, as `AV_PKT_DATA_DISPLAYMATRIX`
    /// stores them), `nil` without one: it says whether the picture is mirrored as well as turned.
    package var displayMatrix: [Int32]?
    package var sampleRate: Int
    package var channels: Int
    package var channelLayout: String?
    package var sampleFormat: String?
    package var metadata: [String: String]
    /// `AV_DISPOSITION_*` bits.
    package var disposition: Int32
    /// The codec's out-of-band setup bytes (avcC, esds...), compared byte for byte when stream-copying.
    package var extradata: [UInt8]

    /// Seconds from a timestamp in this stream's time base.
    package func seconds(_ timestamp: Int64?) -> Double? {
        self.timeBase.seconds(timestamp)
    }
}

/// A value snapshot of an input's container: `AVFormatContext` fields ffprobe reports.
package struct FormatParameters: Sendable {
    /// The demuxer's short name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    package var formatName: String
    package var formatLongName: String?
    /// Microseconds, `nil` when unknown.
    package var startTime: Int64?
    /// Microseconds, `nil` when unknown.
    package var duration: Int64?
    /// Bytes, from `avio_size`; `nil` when unknown.
    package var size: Int64?
    package var bitRate: Int64
    package var probeScore: Int
    package var metadata: [String: String]
    /// Chapters: title and start/end in seconds.
    package var chapters: [Chapter]
}

/// A chapter mark in a container.
package struct Chapter: Sendable, Hashable {
    package var title: String?
    package var start: Double
    package var end: Double

    package init(title: String?, start: Double, end: Double) {
        self.title = title
        self.start = start
        self.end = end
    }
}

extension StreamParameters {
    /// Clockwise quarter turns that make a picture upright, before ``uprightMirrored``: what
    /// ffmpeg's autorotate does, from the display matrix angle (counter-clockwise degrees, so -90
    /// means turn 90 degrees clockwise) and, for matrices that reflect, the sign of its entries.
    package var uprightQuarterTurns: Int { self.upright.quarterTurns }

    /// Whether the picture is flipped left to right after ``uprightQuarterTurns``: the display
    /// matrix reflects as well as rotates (a negative determinant).
    package var uprightMirrored: Bool { self.upright.mirrored }

    /// ffmpeg 5.1's autorotate (`fftools/ffmpeg_filter.c`), as turns then a horizontal flip:
    /// `transpose=clock` is 1 turn; `transpose=cclock_flip` (the plain transpose, for a matrix
    /// {0 1; 1 0}) is 1 turn and a flip; `cclock` 3 turns; `clock_flip` 3 turns and a flip;
    /// `hflip` a flip; `vflip` 2 turns and a flip; `hflip,vflip` 2 turns.
    private var upright: (quarterTurns: Int, mirrored: Bool) {
        guard let rotation = self.rotation, rotation.isFinite else { return (0, false) }
        let turns = ((Int((-rotation / 90).rounded()) % 4) + 4) % 4
        guard let matrix = self.displayMatrix, matrix.count == 9 else { return (turns, false) }
        switch turns {
        case 1: return (1, matrix[3] > 0)
        case 2:
            switch (matrix[0] < 0, matrix[4] < 0) {
            case (true, true): return (2, false)
            case (true, false): return (0, true)
            case (false, true): return (2, true)
            case (false, false): return (0, false)
            }
        case 3: return (3, matrix[3] < 0)
        default: return matrix[4] < 0 ? (2, true) : (0, false)
        }
    }
}
