public import MediaKit
public import SoraAPI
public import SoraClient

/// A film to make: shots in order, each a prompt, and how to check and join them.
public struct Storyboard: Sendable, Hashable {
    public var title: String
    public var shots: [Shot]
    public var validation: ValidationSettings
    public var reel: ReelSettings
    /// What the run may spend (`budget: {max_usd, max_seconds}`); flags override it.
    public var budget: Budget
    /// Prices that override the known ones (`prices:`).
    public var prices: PriceTable
    /// How many times a shot whose every variant fails QA is generated again (`retries: {qa: N}`).
    public var qaRetries: Int
    /// The limits its shots were checked against (a gateway's models from `models:` or a file).
    public var models: ModelCatalog
    /// The file it was read from.
    public var path: String

    public init(
        title: String, shots: [Shot], validation: ValidationSettings = ValidationSettings(), reel: ReelSettings = ReelSettings(),
        budget: Budget = Budget(), prices: PriceTable = PriceTable([]), qaRetries: Int = 0, models: ModelCatalog = ModelCatalog(),
        path: String
    ) {
        self.title = title
        self.shots = shots
        self.validation = validation
        self.reel = reel
        self.budget = budget
        self.prices = prices
        self.qaRetries = qaRetries
        self.models = models
        self.path = path
    }

    /// What identifies a shot's work in this storyboard: its own fingerprint and, for a shot
    /// that continues from another, that shot's (and so on up the chain), so a changed shot
    /// redoes the shots that continue from it and nothing else.
    public func fingerprint(of shot: Shot) -> String {
        var parts = [shot.fingerprint]
        var visited: Set<String> = [shot.name]
        var next = shot.continuation
        while let continuation = next, let source = self.shots.first(where: { $0.name == continuation.shot }), visited.insert(source.name).inserted {
            parts.append("from \(continuation.shot) at \(continuation.frame)")
            parts.append(source.fingerprint)
            next = source.continuation
        }
        return parts.joined(separator: "\u{1E}")
    }
}

/// Where a shot starts: a frame of another shot's chosen clip, sent as its input image
/// (`continue: previous`, `continue: NAME` or `from: {shot: NAME, at: SECONDS|last}`).
public struct Continuation: Sendable, Hashable {
    /// Which frame of the source's clip.
    public enum Frame: Sendable, Hashable, CustomStringConvertible {
        case last
        case seconds(Double)

        public var description: String {
            switch self {
            case .last: "last"
            case .seconds(let seconds): "\(seconds) s"
            }
        }
    }

    /// The shot it continues from.
    public var shot: String
    public var frame: Frame

    public init(shot: String, frame: Frame = .last) {
        self.shot = shot
        self.frame = frame
    }
}

/// One shot: what to generate and how.
public struct Shot: Sendable, Hashable {
    /// Unique within the storyboard, safe in a file name; titles its chapter.
    public var name: String
    public var prompt: String
    public var api: VideoAPI
    /// The model, or on Azure the deployment name.
    public var model: String
    public var size: VideoSize
    public var seconds: Int
    public var variants: Int
    /// An image to start from, as an absolute path.
    public var image: String?
    /// How ``image`` is fitted when its size is not ``size``; `nil` refuses such an image.
    public var imageFit: ImageFit?
    /// The frame of another shot it starts from (`continue:` or `from:`), instead of ``image``.
    public var continuation: Continuation?
    /// The part of its clip the reel keeps (`trim: {start, end}`).
    public var trim: ClipTrim?
    /// Its soft subtitle in the reel (`caption:`), shown for its chapter.
    public var caption: String?

    public init(
        name: String, prompt: String, api: VideoAPI, model: String, size: VideoSize, seconds: Int, variants: Int,
        image: String? = nil, imageFit: ImageFit? = nil, continuation: Continuation? = nil, trim: ClipTrim? = nil, caption: String? = nil
    ) {
        self.name = name
        self.prompt = prompt
        self.api = api
        self.model = model
        self.size = size
        self.seconds = seconds
        self.variants = variants
        self.image = image
        self.imageFit = imageFit
        self.continuation = continuation
        self.trim = trim
        self.caption = caption
    }

    /// The request the shot's job is created from (without its image, which is read and fitted
    /// only when the job is created).
    public var request: GenerationRequest {
        GenerationRequest(prompt: self.prompt, size: self.size, seconds: self.seconds, variants: self.variants)
    }

    /// What one job of this shot bills, at `prices`.
    public func cost(at prices: PriceTable) -> Spend {
        Spend(seconds: self.seconds, variants: self.variants, price: prices.price(model: self.model, size: self.size.description))
    }

    /// What identifies the shot's own work: a changed prompt, size, length, count, model, image or
    /// image fit redoes the shot. (The fit is appended only when set, so shots from before it
    /// existed keep their fingerprints.) ``Storyboard/fingerprint(of:)`` adds what it continues from.
    public var fingerprint: String {
        let parts = [self.prompt, self.api.rawValue, self.model, self.size.description, String(self.seconds), String(self.variants), self.image ?? ""]
        return (parts + (self.imageFit.map { [$0.rawValue] } ?? [])).joined(separator: "\u{1F}")
    }
}

/// How each clip is checked.
public struct ValidationSettings: Sendable, Hashable {
    /// Allowed difference from the requested duration, in seconds.
    public var tolerance: Double
    public var blackMinimum: Double
    public var freezeMinimum: Double
    /// A QA policy file's thresholds and levels (`policy: qa.yaml`), for every clip and the reel.
    public var policy: ValidationPolicy

    public init(tolerance: Double = 0.5, blackMinimum: Double = 1.0, freezeMinimum: Double = 2.0, policy: ValidationPolicy = ValidationPolicy()) {
        self.tolerance = tolerance
        self.blackMinimum = blackMinimum
        self.freezeMinimum = freezeMinimum
        self.policy = policy
    }
}

/// How the reel is made.
public struct ReelSettings: Sendable, Hashable {
    public var size: VideoSize?
    public var frameRate: Int?
    /// Cross-fade between shots, in seconds (0: cut).
    public var transition: Double
    /// A music bed under the whole reel (`music: FILE`), as an absolute path.
    public var music: String?
    /// The reel's target loudness in LUFS (`loudness: -16`), with a -1 dBTP true-peak ceiling.
    public var loudness: Double?

    public init(size: VideoSize? = nil, frameRate: Int? = nil, transition: Double = 0, music: String? = nil, loudness: Double? = nil) {
        self.size = size
        self.frameRate = frameRate
        self.transition = transition
        self.music = music
        self.loudness = loudness
    }
}
