import FFmpegKit

/// Where FFmpeg's own messages go: the one entry point a program sets once, at start (library
/// code never prints). Messages an operation claims (decode errors it counts) do not reach it.
public enum MediaLog {
    /// Sends FFmpeg's unclaimed messages of at least a warning to `sink` when `verbose`, none
    /// otherwise. Messages that say nothing a user can act on are left out: libswscale's
    /// "deprecated pixel format used, make sure you did set range correctly" on every JPEG
    /// still (the MJPEG encoder of FFmpeg 5.1 takes `yuvj420p`, whose full range is what the
    /// conversion needs; the still's levels match ffmpeg's own).
    public static func route(verbose: Bool, to sink: @escaping @Sendable (String) -> Void) {
        FFmpegLog.setSink(level: verbose ? .warning : .quiet) { _, line in
            guard !Self.isNoise(line) else { return }
            sink(line)
        }
    }

    static func isNoise(_ line: String) -> Bool {
        line.contains("deprecated pixel format used, make sure you did set range correctly")
    }
}
