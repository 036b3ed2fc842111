import FFmpegKit

/// Checks a clip the way a QA pipeline needs: structure, expectations from the request,
/// web playability, and one full decode that counts errors and measures what generated clips
/// get wrong: black, frozen and still pictures, flashes, cuts, silence, clipping, loudness,
/// and audio that does not last as long as the video. ``ValidationRuleCatalog`` lists the rules.
///
/// Validation never throws for a bad file: an unreadable file is a failed verdict, so a
/// batch reports every file.
public struct Validator: Sendable {
    public var options: ValidationOptions
    /// Thresholds and levels per file, applied over ``options``.
    public var policy: ValidationPolicy

    public init(options: ValidationOptions = ValidationOptions(), policy: ValidationPolicy = ValidationPolicy()) {
        self.options = options
        self.policy = policy
    }

    /// A validator with the default options under `policy`.
    public init(policy: ValidationPolicy) {
        self.init(options: ValidationOptions(), policy: policy)
    }

    /// The options that apply to the file at `path`: ``options`` under ``policy``.
    public func options(for path: String) -> ValidationOptions {
        self.policy.options(for: path, base: self.options)
    }

    /// Validates `path` on NIO's blocking thread pool; task cancellation stops the decode.
    /// - Throws: ``MediaError`` `.cancelled` only: a bad file is a failed verdict, not an error.
    public func validate(_ path: String) async throws(MediaError) -> ValidationReport {
        let options = self.options(for: path)
        return try await BlockingWork.run(timeLimit: options.open.timeLimit, path: path) { interruption throws(MediaError) in
            Self.validate(path, options: options, interruption: interruption)
        }
    }

    func validate(_ path: String, interruption: Interruption?) -> ValidationReport {
        Self.validate(path, options: self.options(for: path), interruption: interruption)
    }

    private static func validate(_ path: String, options: ValidationOptions, interruption: Interruption?) -> ValidationReport {
        let input: InputFormatContext
        do {
            input = try MediaInput.open(path, options: options.open, interruption: interruption)
        } catch {
            let verdict = Verdict(rule: "readable", passed: false, expected: "an MP4/MOV file", actual: error.message)
            return ValidationReport(path: path, verdicts: [verdict], info: nil, decode: nil, error: error)
        }
        let info = MediaInfo(input)
        let rules = ValidationRules(options: options, info: info)
        var verdicts = rules.structural(boxes: TopLevelBoxes.read(path: path))
        var decode: DecodeSummary? = nil
        var failure: MediaError? = nil
        if options.deep {
            do {
                let summary = try DecodeScan.run(input, path: path, options: options)
                verdicts += rules.decoded(summary)
                decode = summary
            } catch {
                failure = error
                verdicts.append(Verdict(rule: "decode", passed: false, expected: "a complete decode", actual: error.message))
            }
        }
        return ValidationReport(path: path, verdicts: Self.leveled(verdicts, options), info: info, decode: decode, error: failure)
    }

    /// Gives each verdict its rule's level: the default from the catalog or the options' own;
    /// rules turned off are left out.
    private static func leveled(_ verdicts: [Verdict], _ options: ValidationOptions) -> [Verdict] {
        verdicts.compactMap { verdict in
            guard let severity = ValidationRuleCatalog.level(of: verdict.rule, in: options).severity else { return nil }
            var leveled = verdict
            leveled.severity = severity
            return leveled
        }
    }
}
