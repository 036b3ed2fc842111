import FFmpegKit

#if canImport(Glibc)
    import Glibc
#endif

/// Failures in the words a person reads: never a raw `strerror` capital, an `NSError` domain or
/// FFmpeg's "Generic error in an external library".
enum ErrorWords {
    /// What an `errno` means for a file being opened or written.
    static func errno(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file or folder"
        case ENOTDIR: "a folder in its path is a file"
        case EACCES, EPERM: "permission denied"
        case EISDIR: "it is a folder"
        case ENOSPC: "no space left on the device"
        case EDQUOT: "disk quota exceeded"
        case EROFS: "the file system is read-only"
        case ENAMETOOLONG: "the name is too long"
        case ELOOP: "too many symbolic links"
        case EEXIST: "a file of that name is in the way"
        case ENOMEM: "out of memory"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// What an FFmpeg failure means: a system error in the words of ``errno(_:)``, otherwise
    /// FFmpeg's own text (the demuxer's complaint when it logged one) in lower case.
    static func ffmpeg(_ error: FFmpegError) -> String {
        if error.code < 0, error.code > -4096, error.code != FFmpegError.invalidArgument {
            return Self.errno(-error.code)
        }
        guard let first = error.message.first else { return "error \(error.code)" }
        let message = first.lowercased() + error.message.dropFirst()
        if message.hasPrefix("generic error in an external library") {
            return "the encoder refused the settings (\(error.function))"
        }
        return message
    }
}
