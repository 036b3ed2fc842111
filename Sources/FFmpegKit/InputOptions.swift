/// How an untrusted input may be opened: which demuxers, how much probing, how long.
package struct InputOptions: Sendable {
    /// The demuxers that may open the file. libavformat picks a demuxer from the bytes, not
    /// the name, so this list is what stops an HLS or ffconcat playlist named `.mp4`.
    package var allowedFormats: [String]
    /// Bytes read to detect streams (`probesize`).
    package var probeSize: Int
    /// Media time analysed to detect stream parameters (`analyzeduration`).
    package var analyzeDuration: Duration
    /// Inputs with more streams than this are refused (`max_streams`).
    package var maxStreams: Int
    /// Wall-clock limit on opening plus everything done with the context afterwards.
    package var timeLimit: Duration?
    /// Whether opening decodes the first packets to learn what the container does not state
    /// (`avformat_find_stream_info`). A second pass over a file already probed can skip it,
    /// and so the decoders and buffers it leaves open until the file is closed.
    package var probesStreams: Bool

    /// The mov family: MP4, MOV, M4A, 3GP, 3G2 and Motion JPEG 2000 share one demuxer.
    package static let movFamily = ["mov", "mp4", "m4a", "3gp", "3g2", "mj2"]

    /// Other single-file containers an option may allow. Playlist and network demuxers
    /// (hls, dash, concat, image2...) are never in this list.
    package static let singleFileContainers = ["matroska", "webm", "mpegts", "avi", "ogg"]

    /// Single-file audio formats, for sound that is not a clip (a reel's music): MP3, WAV,
    /// FLAC, raw AAC (ADTS), AIFF and Wave64.
    package static let audioFiles = ["mp3", "wav", "flac", "aac", "aiff", "w64"]

    package init(
        allowedFormats: [String] = InputOptions.movFamily,
        probeSize: Int = 5_000_000,
        analyzeDuration: Duration = .seconds(5),
        maxStreams: Int = 64,
        timeLimit: Duration? = .seconds(60),
        probesStreams: Bool = true
    ) {
        self.allowedFormats = allowedFormats
        self.probeSize = probeSize
        self.analyzeDuration = analyzeDuration
        self.maxStreams = maxStreams
        self.timeLimit = timeLimit
        self.probesStreams = probesStreams
    }
}
