internal import CFFmpeg

extension InputFormatContext {
    static func formatParameters(_ context: UnsafeMutablePointer<AVFormatContext>) -> FormatParameters {
        let format = context.pointee
        let size: Int64? = format.pb.map { avio_size($0) }.flatMap { $0 >= 0 ? $0 : nil }
        let chapters = (0..<Int(format.nb_chapters)).compactMap { index -> Chapter? in
            guard let chapter = format.chapters[index]?.pointee else { return nil }
            let base = Rational(chapter.time_base)
            return Chapter(
                title: FFmpegDictionary.entries(of: chapter.metadata)["title"],
                start: base.seconds(chapter.start) ?? 0,
                end: base.seconds(chapter.end) ?? 0
            )
        }
        return FormatParameters(
            formatName: format.iformat.map { String(cString: $0.pointee.name) } ?? "unknown",
            formatLongName: format.iformat.flatMap { $0.pointee.long_name }.map { String(cString: $0) },
            startTime: Packet.optional(format.start_time),
            duration: Packet.optional(format.duration),
            size: size,
            bitRate: format.bit_rate,
            probeScore: Int(format.probe_score),
            metadata: FFmpegDictionary.entries(of: format.metadata),
            chapters: chapters
        )
    }

    static func streamParameters(_ context: UnsafeMutablePointer<AVFormatContext>, _ index: Int) -> StreamParameters {
        let stream = context.pointee.streams[index]!
        let parameters = stream.pointee.codecpar.pointee
        let codecID = parameters.codec_id

        var profile: String? = avcodec_profile_name(codecID, parameters.profile).map { String(cString: $0) }
        if profile == nil, parameters.profile != FF_PROFILE_UNKNOWN {
            profile = String(parameters.profile)
        }

        var rotation: Double? = nil
        var displayMatrix: [Int32]? = nil
        var sideDataSize = 0
        if let matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &sideDataSize),
            sideDataSize >= 9 * MemoryLayout<Int32>.size
        {
            let degrees = matrix.withMemoryRebound(to: Int32.self, capacity: 9) { av_display_rotation_get($0) }
            rotation = degrees.isFinite ? degrees : nil
            displayMatrix = matrix.withMemoryRebound(to: Int32.self, capacity: 9) { Array(UnsafeBufferPointer(start: $0, count: 9)) }
        }

        var layout = parameters.ch_layout
        let channelLayout: String? =
            layout.order == AV_CHANNEL_ORDER_UNSPEC
            ? nil
            : withUnsafeTemporaryAllocation(of: CChar.self, capacity: 128) { buffer in
                guard av_channel_layout_describe(&layout, buffer.baseAddress, buffer.count) >= 0 else { return nil }
                return String(cString: buffer.baseAddress!)
            }

        let isVideo = parameters.codec_type == AVMEDIA_TYPE_VIDEO
        let isAudio = parameters.codec_type == AVMEDIA_TYPE_AUDIO
        let extradata: [UInt8] =
            if let bytes = parameters.extradata, parameters.extradata_size > 0 {
                Array(UnsafeBufferPointer(start: bytes, count: Int(parameters.extradata_size)))
            } else {
                []
            }

        return StreamParameters(
            index: index,
            mediaType: MediaType(parameters.codec_type),
            codecName: avcodec_descriptor_get(codecID).map { String(cString: $0.pointee.name) },
            profile: profile,
            codecTagString: fourCC(parameters.codec_tag),
            width: Int(parameters.width),
            height: Int(parameters.height),
            sampleAspectRatio: Rational(av_guess_sample_aspect_ratio(context, stream, nil)),
            pixelFormat: isVideo ? av_get_pix_fmt_name(AVPixelFormat(parameters.format)).map { String(cString: $0) } : nil,
            level: Int(parameters.level),
            fieldOrder: fieldOrderName(parameters.field_order),
            colorRange: parameters.color_range == AVCOL_RANGE_UNSPECIFIED
                ? nil : av_color_range_name(parameters.color_range).map { String(cString: $0) },
            colorSpace: parameters.color_space == AVCOL_SPC_UNSPECIFIED
                ? nil : av_color_space_name(parameters.color_space).map { String(cString: $0) },
            colorTransfer: parameters.color_trc == AVCOL_TRC_UNSPECIFIED
                ? nil : av_color_transfer_name(parameters.color_trc).map { String(cString: $0) },
            colorPrimaries: parameters.color_primaries == AVCOL_PRI_UNSPECIFIED
                ? nil : av_color_primaries_name(parameters.color_primaries).map { String(cString: $0) },
            chromaLocation: parameters.chroma_location == AVCHROMA_LOC_UNSPECIFIED
                ? nil : av_chroma_location_name(parameters.chroma_location).map { String(cString: $0) },
            realFrameRate: Rational(stream.pointee.r_frame_rate),
            averageFrameRate: Rational(stream.pointee.avg_frame_rate),
            timeBase: Rational(stream.pointee.time_base),
            startTime: Packet.optional(stream.pointee.start_time),
            duration: Packet.optional(stream.pointee.duration),
            frameCount: stream.pointee.nb_frames,
            bitRate: parameters.bit_rate,
            rotation: rotation,
            displayMatrix: displayMatrix,
            sampleRate: Int(parameters.sample_rate),
            channels: Int(parameters.ch_layout.nb_channels),
            channelLayout: channelLayout,
            sampleFormat: isAudio
                ? av_get_sample_fmt_name(AVSampleFormat(parameters.format)).map { String(cString: $0) } : nil,
            metadata: FFmpegDictionary.entries(of: stream.pointee.metadata),
            disposition: stream.pointee.disposition,
            extradata: extradata
        )
    }

    /// The names of every `AV_DISPOSITION_*` bit, in bit order, as ffprobe lists them.
    ///
    /// The corresponding FFmpeg function is `av_disposition_to_string`.
    package static let dispositionNames: [(name: String, bit: Int32)] = (0..<32).compactMap { shift in
        let bit = Int32(bitPattern: UInt32(1) << UInt32(shift))
        return av_disposition_to_string(bit).map { (String(cString: $0), bit) }
    }
}

private func fourCC(_ tag: UInt32) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(AV_FOURCC_MAX_STRING_SIZE)) { buffer in
        String(cString: av_fourcc_make_string(buffer.baseAddress, tag))
    }
}

private func fieldOrderName(_ order: AVFieldOrder) -> String? {
    switch order {
    case AV_FIELD_PROGRESSIVE: "progressive"
    case AV_FIELD_TT: "tt"
    case AV_FIELD_BB: "bb"
    case AV_FIELD_TB: "tb"
    case AV_FIELD_BT: "bt"
    default: nil
    }
}

extension MediaType {
    init(_ type: AVMediaType) {
        self =
            switch type {
            case AVMEDIA_TYPE_VIDEO: .video
            case AVMEDIA_TYPE_AUDIO: .audio
            case AVMEDIA_TYPE_DATA: .data
            case AVMEDIA_TYPE_SUBTITLE: .subtitle
            case AVMEDIA_TYPE_ATTACHMENT: .attachment
            default: .unknown
            }
    }
}
