import FFmpegKit
import NIOPosix

/// Reads a media file's container and stream parameters, as `ffprobe -show_format -show_streams`.
///
/// A probe opens only what ``MediaOpenOptions`` allows (by default the MP4/MOV family and
/// the `file` protocol), so a playlist disguised as `.mp4` is refused without following it.
public struct MediaProbe: Sendable {
    public var options: MediaOpenOptions

    public init(options: MediaOpenOptions = MediaOpenOptions()) {
        self.options = options
    }

    func probe(_ path: String, interruption: Interruption?) throws(MediaError) -> MediaInfo {
        MediaInfo(try MediaInput.open(path, options: self.options, interruption: interruption))
    }

    /// Probes `path` on NIO's blocking thread pool, so callers on the cooperative pool are not blocked.
    /// - Throws: ``MediaError`` naming the file and the reason it cannot be read.
    public func probe(_ path: String) async throws(MediaError) -> MediaInfo {
        try await BlockingWork.run(timeLimit: self.options.timeLimit, path: path) { interruption throws(MediaError) in
            try self.probe(path, interruption: interruption)
        }
    }
}
