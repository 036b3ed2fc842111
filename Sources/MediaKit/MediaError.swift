/// Why a media file could not be used, with the file it concerns.
///
/// Its ``description`` is the one-line message the command line prints:
/// `clip.mp4: not an MP4/MOV file (detected: hls)`.
public struct MediaError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// A stable, machine-readable reason. Open: new codes may be added.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { self.rawValue }

        /// The path does not exist.
        public static let notFound = Code(rawValue: "not_found")
        /// The file exists but this user may not read it.
        public static let permissionDenied = Code(rawValue: "permission_denied")
        /// The path is a directory or another non-regular file.
        public static let notAFile = Code(rawValue: "not_a_file")
        /// The file has no bytes.
        public static let empty = Code(rawValue: "empty")
        /// The bytes are not an MP4/MOV file (a playlist, a web page, another container).
        public static let unsupportedFormat = Code(rawValue: "unsupported_format")
        /// An MP4/MOV file that lacks what playback needs (no moov box: an incomplete download).
        public static let incomplete = Code(rawValue: "incomplete")
        /// The file is damaged or otherwise unreadable.
        public static let unreadable = Code(rawValue: "unreadable")
        /// The file is cut short or corrupt: part of it cannot be read.
        public static let damaged = Code(rawValue: "damaged")
        /// The file has no video stream where one is needed.
        public static let noVideo = Code(rawValue: "no_video")
        /// The file has no audio stream where one is needed (a reel's music).
        public static let noAudio = Code(rawValue: "no_audio")
        /// A requested time lies outside the media.
        public static let outOfRange = Code(rawValue: "out_of_range")
        /// The work took longer than its time limit.
        public static let timedOut = Code(rawValue: "timed_out")
        /// The work was cancelled.
        public static let cancelled = Code(rawValue: "cancelled")
        /// Inputs cannot be combined as asked.
        public static let incompatible = Code(rawValue: "incompatible")
        /// Writing an output failed.
        public static let writeFailed = Code(rawValue: "write_failed")
        /// An image's pixel size differs from the size asked for.
        public static let sizeMismatch = Code(rawValue: "size_mismatch")
        /// A request was not valid (bad size, empty list...).
        public static let invalidRequest = Code(rawValue: "invalid_request")
    }

    public var code: Code
    /// The file the error concerns.
    public var path: String
    /// What went wrong, without the path.
    public var message: String

    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(self.path): \(self.message)" }
}
