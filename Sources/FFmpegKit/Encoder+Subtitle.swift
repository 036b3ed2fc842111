internal import CFFmpeg
internal import CFFmpegShims

extension Encoder {
    /// libavcodec's `mov_text` encoder: 3GPP timed text, the soft subtitles of MP4 (a `tx3g`
    /// sample entry), with the default ASS style of FFmpeg's text decoders on a picture of
    /// `width` x `height`: white Arial, its size that style's 16 points of 288 lines scaled to
    /// `height` (10 px at 180 lines, 60 at 1080).
    ///
    /// Its time base is microseconds, as `ffmpeg`'s is for subtitles: the MP4 muxer compares a
    /// text track's end with every packet's dts in that packet's own time base, and at
    /// milliseconds it would put an empty sample between captions that follow one another.
    package static func movText(width: Int, height: Int) throws(FFmpegError) -> Encoder {
        var header: Int32 = 0
        let fontSize = max(10, Int((Double(height) * 16 / 288).rounded()))
        let encoder = try Encoder(codecName: "mov_text", options: [:]) { context in
            context.pointee.width = Int32(width)
            context.pointee.height = Int32(height)
            context.pointee.time_base = AVRational(num: 1, den: 1_000_000)
            header = CFFmpegShims_setDefaultASSHeader(context, Int32(max(1, width)), Int32(max(1, height)), Int32(fontSize))
        }
        try check(header, "avcodec_open2")
        return encoder
    }

    /// Encodes one caption, `text`, shown from `start` for `duration` milliseconds, into
    /// `packet` (timestamps and duration in milliseconds, for the caller to rescale).
    ///
    /// Line breaks become ASS line breaks; a backslash is kept from starting an ASS override
    /// or line break by invisible word joiners (U+2060) around it.
    ///
    /// The corresponding FFmpeg function is `avcodec_encode_subtitle`.
    package func encodeSubtitle(_ text: String, start: Int64, duration: Int64, into packet: Packet) throws(FFmpegError) {
        packet.unref()
        let event = Self.assText(text)
        try check(CFFmpegShims_encodeASSText(self.pointer, event, duration, packet.pointer), "avcodec_encode_subtitle")
        packet.pts = start
        packet.dts = start
        packet.duration = duration
    }

    /// `text` as ASS dialogue text: no NUL, `\N` for line breaks, backslashes inert.
    static func assText(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var afterReturn = false
        for scalar in text.unicodeScalars {
            defer { afterReturn = scalar == "\r" }
            switch scalar {
            case "\u{0}": continue
            case "\\": result.append(contentsOf: "\u{2060}\\\u{2060}".unicodeScalars)
            case "\r": result.append(contentsOf: "\\N".unicodeScalars)
            case "\n" where afterReturn: continue
            case "\n": result.append(contentsOf: "\\N".unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}

extension Encoder {
    /// Uncompressed 32-bit float sound (`pcm_f32le`, interleaved samples): an intermediate that
    /// a later pass decodes without loss. Takes frames of any length.
    package static func pcmFloat(sampleRate: Int = 48_000, channels: Int = 2) throws(FFmpegError) -> Encoder {
        try Encoder(codecName: "pcm_f32le", options: [:]) { context in
            context.pointee.sample_rate = Int32(sampleRate)
            av_channel_layout_default(&context.pointee.ch_layout, Int32(channels))
            context.pointee.sample_fmt = AV_SAMPLE_FMT_FLT
            context.pointee.time_base = AVRational(num: 1, den: Int32(sampleRate))
        }
    }

    /// Whether this is an audio encoder that takes interleaved samples, such as
    /// ``pcmFloat(sampleRate:channels:)``; `false` for planar ones (AAC) and for pictures.
    package var takesInterleavedSamples: Bool {
        self.pointer.pointee.codec_type == AVMEDIA_TYPE_AUDIO && av_sample_fmt_is_planar(self.pointer.pointee.sample_fmt) == 0
    }
}
