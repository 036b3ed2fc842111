import FFmpegKit

#if canImport(Glibc)
    import Glibc
#endif

/// Opens untrusted files for every MediaKit operation, turning each failure into a
/// ``MediaError`` that names the file and the reason in words a person can act on.
enum MediaInput {
    /// Checks the path, then opens it with the untrusted-media rules of ``MediaOpenOptions``.
    static func open(
        _ path: String,
        options: MediaOpenOptions,
        interruption: Interruption? = nil
    ) throws(MediaError) -> InputFormatContext {
        try Self.open(path, inputOptions: Self.inputOptions(options), interruption: interruption)
    }

    /// Checks the path, then opens it with `inputOptions` (demuxers beyond ``MediaOpenOptions``'s,
    /// for sound that is not a clip).
    static func open(
        _ path: String,
        inputOptions: InputOptions,
        interruption: Interruption? = nil
    ) throws(MediaError) -> InputFormatContext {
        try Self.checkRegularFile(path)
        if let problem = BoxStructureCheck.problem(path: path) {
            throw MediaError(.unreadable, path: path, "unreadable: damaged box structure: \(problem)")
        }
        do {
            return try InputFormatContext(path: path, options: inputOptions, interruption: interruption)
        } catch {
            throw Self.diagnose(error, path: path, allowed: inputOptions.allowedFormats)
        }
    }

    /// The demuxer options that carry out `options`.
    static func inputOptions(_ options: MediaOpenOptions) -> InputOptions {
        InputOptions(
            allowedFormats: options.allowsOtherContainers
                ? InputOptions.movFamily + InputOptions.singleFileContainers : InputOptions.movFamily,
            timeLimit: options.timeLimit
        )
    }

    /// A missing file, an unreadable one, a directory and an empty file each get their own
    /// one-line message: the file is opened for reading here, so the reason `open(2)` gives
    /// (permission denied...) is the one reported, not a guess from libavformat's failure.
    static func checkRegularFile(_ path: String) throws(MediaError) {
        let descriptor = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.openError(errno, path: path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.openError(errno, path: path) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw MediaError(.notAFile, path: path, "is a directory, not a media file")
        default: throw MediaError(.notAFile, path: path, "is not a regular file")
        }
        guard status.st_size > 0 else {
            throw MediaError(.empty, path: path, "empty file (0 bytes)")
        }
    }

    /// Why `open(2)` or `stat(2)` failed, in words, from its `errno`.
    static func openError(_ code: Int32, path: String) -> MediaError {
        switch code {
        case ENOENT: MediaError(.notFound, path: path, "no such file")
        case ENOTDIR: MediaError(.notFound, path: path, "no such file (a folder in its path is a file)")
        case EACCES, EPERM: MediaError(.permissionDenied, path: path, "cannot read it: permission denied")
        case ELOOP: MediaError(.notFound, path: path, "cannot open it: too many symbolic links")
        case ENAMETOOLONG: MediaError(.notFound, path: path, "cannot open it: the name is too long")
        default: MediaError(.unreadable, path: path, "cannot open it: \(String(cString: strerror(code)).lowercased())")
        }
    }

    /// Explains why libavformat refused a file: what the bytes really are, or what is missing.
    static func diagnose(_ error: FFmpegError, path: String, allowed: [String]) -> MediaError {
        if error.code == FFmpegError.exit {
            if error.message == "cancelled" { return MediaError(.cancelled, path: path, "cancelled") }
            if error.message == "time limit exceeded" { return MediaError(.timedOut, path: path, "gave up: time limit exceeded") }
            return MediaError(.unreadable, path: path, "unreadable: \(error.message)")
        }
        let detected = FormatDetection.detect(path: path)
        let isAllowed = detected.map { name in
            name.name.split(separator: ",").contains { allowed.contains(String($0)) }
        }
        if isAllowed != true {
            return MediaError(.unsupportedFormat, path: path, "not an MP4/MOV file (\(Self.describeContent(path, detected)))")
        }
        if error.code == FFmpegError.outOfMemory {
            return MediaError(
                .unreadable, path: path,
                "unreadable: it declares tables larger than \(FFmpegLimits.maxAllocation >> 20) MiB (damaged or hostile)"
            )
        }
        if let boxes = TopLevelBoxes.read(path: path), boxes.first("moov") == nil, boxes.first("moof") == nil {
            return MediaError(.incomplete, path: path, "moov atom not found: download incomplete?")
        }
        return MediaError(.unreadable, path: path, "unreadable: \(ErrorWords.ffmpeg(error))")
    }

    private static func describeContent(_ path: String, _ detected: (name: String, score: Int)?) -> String {
        if let detected {
            return "detected: \(detected.name)"
        }
        let head = Self.firstText(path)
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.hasPrefix("<?xml") || head.hasPrefix("<") {
            return "an HTML/XML document: a web or error page?"
        }
        if head.hasPrefix("{") || head.hasPrefix("[") {
            return "JSON text: an API error response?"
        }
        return "unrecognized data"
    }

    /// The first bytes, lowercased and without leading white space, when they are text.
    private static func firstText(_ path: String) -> String {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 256) }
        guard count > 0 else { return "" }
        let text = String(decoding: bytes[0..<count], as: UTF8.self)
        return String(text.drop(while: { $0.isWhitespace })).lowercased()
    }
}
