import FFmpegKit

/// Checks a clip the way a QA pipeline needs: structure, expectations from the request,
/// web playability, and a full decode that counts errors and finds black or frozen stretches.
///
/// Validation never throws for a bad file: an unreadable file is a failed verdict, so a
/// batch reports every file.
public struct Validator: Sendable {
    public var options: ValidationOptions

    public init(options: ValidationOptions = ValidationOptions()) {
        self.options = options
    }

    /// Validates `path` on NIO's blocking thread pool; task cancellation stops the decode.
    /// - Throws: ``MediaError`` `.cancelled` only: a bad file is a failed verdict, not an error.
    public func validate(_ path: String) async throws(MediaError) -> ValidationReport {
        try await BlockingWork.run(timeLimit: self.options.open.timeLimit, path: path) { interruption throws(MediaError) in
            self.validate(path, interruption: interruption)
        }
    }

    func validate(_ path: String, interruption: Interruption?) -> ValidationReport {
        let input: InputFormatContext
        do {
            input = try MediaInput.open(path, options: self.options.open, interruption: interruption)
        } catch {
            let verdict = Verdict(rule: "readable", passed: false, expected: "an MP4/MOV file", actual: error.message)
            return ValidationReport(path: path, verdicts: [verdict], info: nil, decode: nil, error: error)
        }
        let info = MediaInfo(input)
        var verdicts = ValidationRules(options: self.options, info: info).structural(
            boxes: TopLevelBoxes.read(path: path)
        )
        var decode: DecodeSummary? = nil
        var failure: MediaError? = nil
        if self.options.deep {
            do {
                let summary = try DecodeScan.run(input, path: path)
                verdicts += ValidationRules(options: self.options, info: info).decoded(summary)
                decode = summary
            } catch {
                failure = error
                verdicts.append(Verdict(rule: "decode", passed: false, expected: "a complete decode", actual: error.message))
            }
        }
        return ValidationReport(path: path, verdicts: verdicts, info: info, decode: decode, error: failure)
    }
}
