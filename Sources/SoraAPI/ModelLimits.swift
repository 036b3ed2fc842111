/// What a model accepts, so a request is checked before anything is sent (and before any money
/// is spent): sizes, lengths, variants per job and prompt length. A `nil` rule is not checked:
/// the service's own answer decides.
public struct ModelLimits: Sendable, Hashable {
    /// Whole-second lengths a model makes: a list of values, or a range.
    public enum Seconds: Sendable, Hashable {
        case oneOf([Int])
        case range(ClosedRange<Int>)

        public func allows(_ seconds: Int) -> Bool {
            switch self {
            case .oneOf(let values): values.contains(seconds)
            case .range(let range): range.contains(seconds)
            }
        }
    }

    /// How many variants one job makes.
    public enum Variants: Sendable, Hashable {
        /// One video per job (the Videos API): more clips need more jobs.
        case onePerJob
        case atMost(Int)
        /// Fewer for larger pictures (Sora 1): the first step whose short side the size reaches.
        case byShortSide([(shortSide: Int, maximum: Int)])

        /// The most variants a job of `size` makes.
        public func maximum(at size: VideoSize) -> Int {
            switch self {
            case .onePerJob: 1
            case .atMost(let maximum): maximum
            case .byShortSide(let steps): steps.first { min(size.width, size.height) >= $0.shortSide }?.maximum ?? 1
            }
        }

        public static func == (lhs: Variants, rhs: Variants) -> Bool {
            switch (lhs, rhs) {
            case (.onePerJob, .onePerJob): true
            case (.atMost(let a), .atMost(let b)): a == b
            case (.byShortSide(let a), .byShortSide(let b)): a.map(\.shortSide) == b.map(\.shortSide) && a.map(\.maximum) == b.map(\.maximum)
            default: false
            }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(self.maximum(at: VideoSize(width: 1, height: 1)))
        }
    }

    /// Who the limits are for, in messages: `sora-2`, or `veo-3 (limits from gateway.yaml)`.
    public var name: String
    public var sizes: [VideoSize]?
    public var seconds: Seconds?
    public var variants: Variants?
    public var maxPromptLength: Int?

    public init(
        name: String, sizes: [VideoSize]? = nil, seconds: Seconds? = nil, variants: Variants? = nil,
        maxPromptLength: Int? = ModelLimits.promptLengthGuard
    ) {
        self.name = name
        self.sizes = sizes
        self.seconds = seconds
        self.variants = variants
        self.maxPromptLength = maxPromptLength
    }

    /// The Videos API's documented prompt limit (1 to 32,000 characters); also applied where no
    /// limit is documented (Sora 1, other models), so a runaway prompt never reaches a bill.
    public static let promptLengthGuard = 32_000

    /// Everything wrong with a request, each naming its field; empty when the model would accept it.
    public func problems(prompt: String, size: VideoSize, seconds: Int, variants: Int) -> [LimitProblem] {
        var problems: [LimitProblem] = []
        let length = prompt.unicodeScalars.count
        if prompt.allSatisfy(\.isWhitespace) {
            problems.append(LimitProblem(.prompt, "must not be empty"))
        } else if let maximum = self.maxPromptLength, length > maximum {
            problems.append(LimitProblem(.prompt, "is \(length) characters, above the maximum of \(maximum) for \(self.name)"))
        }
        if let sizes = self.sizes, !sizes.contains(size) {
            problems.append(LimitProblem(.size, "\(size) is not a size \(self.name) makes (\(sizes.map(\.description).joined(separator: ", ")))"))
        }
        switch self.seconds {
        case .oneOf(let values) where !values.contains(seconds):
            let list = values.map(String.init)
            let spoken = list.count > 1 ? list.dropLast().joined(separator: ", ") + " or " + list[list.count - 1] : list.joined()
            problems.append(LimitProblem(.seconds, "\(seconds) is not a length \(self.name) makes (\(spoken))"))
        case .range(let range) where seconds > range.upperBound:
            problems.append(LimitProblem(.seconds, "\(seconds) is above the maximum of \(range.upperBound) for \(self.name)"))
        case .range(let range) where seconds < range.lowerBound:
            problems.append(LimitProblem(.seconds, "\(seconds) is below the minimum of \(range.lowerBound) for \(self.name)"))
        default:
            break
        }
        if variants < 1 {
            problems.append(LimitProblem(.variants, "\(variants) is not a number of variants (at least 1)"))
        } else if self.variants == .onePerJob, variants > 1 {
            problems.append(LimitProblem(.variants, "\(self.name) makes one video per job; variants must be 1"))
        } else if let maximum = self.variants?.maximum(at: size), variants > maximum {
            problems.append(LimitProblem(.variants, "\(variants) variants are not allowed at \(size) (at most \(maximum))"))
        }
        return problems
    }

    /// Azure's Sora 1 (any deployment name): nine sizes, 1 to 20 s, up to 4 variants (2 at
    /// 720p, 1 at 1080p). No prompt limit is documented; the Videos API's is applied.
    public static func sora1(deployment: String) -> ModelLimits {
        ModelLimits(
            name: deployment,
            sizes: [(480, 480), (480, 854), (854, 480), (720, 720), (720, 1280), (1280, 720), (1080, 1080), (1080, 1920), (1920, 1080)]
                .map { VideoSize(width: $0.0, height: $0.1) },
            seconds: .range(1...20),
            variants: .byShortSide([(1080, 1), (720, 2), (0, 4)])
        )
    }

    /// `sora-2` (720p, portrait or landscape) and `sora-2-pro` (also 1024x1792 and 1792x1024):
    /// 4, 8 or 12 s, one video per job, prompts of 1 to 32,000 characters.
    public static func sora2(model: String, pro: Bool) -> ModelLimits {
        let standard = [VideoSize(width: 720, height: 1280), VideoSize(width: 1280, height: 720)]
        return ModelLimits(
            name: model,
            sizes: pro ? standard + [VideoSize(width: 1024, height: 1792), VideoSize(width: 1792, height: 1024)] : standard,
            seconds: .oneOf([4, 8, 12]),
            variants: .onePerJob
        )
    }
}

/// One thing a model would refuse, in a storyboard's or a command line's terms.
public struct LimitProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Field: String, Sendable, Hashable {
        case prompt, size, seconds, variants
    }

    public var field: Field
    /// What is wrong, without the field: `25 is above the maximum of 20 for sora`.
    public var message: String

    public init(_ field: Field, _ message: String) {
        self.field = field
        self.message = message
    }

    /// `seconds: 25 is above the maximum of 20 for sora`.
    public var description: String { "\(self.field.rawValue): \(self.message)" }
}
