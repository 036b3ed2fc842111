/// The body of `POST /video/generations/jobs` (Sora 1). Sent as JSON, or as multipart form
/// fields with `inpaint_items` JSON-encoded and one `files` part per item.
public struct CreateVideoGenerationRequest: Codable, Hashable, Sendable {
    public var prompt: String
    public var width: Int
    public var height: Int
    public var nSeconds: Int
    public var nVariants: Int
    /// The deployment name.
    public var model: String
    public var inpaintItems: [InpaintItem]?

    public init(
        prompt: String, width: Int, height: Int, nSeconds: Int = 5, nVariants: Int = 1, model: String,
        inpaintItems: [InpaintItem]? = nil
    ) {
        self.prompt = prompt
        self.width = width
        self.height = height
        self.nSeconds = nSeconds
        self.nVariants = nVariants
        self.model = model
        self.inpaintItems = inpaintItems
    }

    enum CodingKeys: String, CodingKey {
        case prompt, width, height, model
        case nSeconds = "n_seconds"
        case nVariants = "n_variants"
        case inpaintItems = "inpaint_items"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.prompt = try container.decode(String.self, forKey: .prompt)
        self.width = try container.decode(Int.self, forKey: .width)
        self.height = try container.decode(Int.self, forKey: .height)
        self.nSeconds = try container.decodeIfPresent(Int.self, forKey: .nSeconds) ?? 5
        self.nVariants = try container.decodeIfPresent(Int.self, forKey: .nVariants) ?? 1
        self.model = try container.decode(String.self, forKey: .model)
        self.inpaintItems = try container.decodeIfPresent([InpaintItem].self, forKey: .inpaintItems)
    }
}

/// A picture or clip a Sora 1 job starts from (or passes through) at `frame_index`.
public struct InpaintItem: Codable, Hashable, Sendable {
    public var frameIndex: Int
    /// `image` or `video`.
    public var type: String
    /// Must equal the file name of a `files` part of the same request.
    public var fileName: String
    public var cropBounds: CropBounds?

    public init(frameIndex: Int = 0, type: String = "image", fileName: String, cropBounds: CropBounds? = nil) {
        self.frameIndex = frameIndex
        self.type = type
        self.fileName = fileName
        self.cropBounds = cropBounds
    }

    enum CodingKeys: String, CodingKey {
        case type
        case frameIndex = "frame_index"
        case fileName = "file_name"
        case cropBounds = "crop_bounds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.frameIndex = try container.decodeIfPresent(Int.self, forKey: .frameIndex) ?? 0
        self.type = try container.decode(String.self, forKey: .type)
        self.fileName = try container.decode(String.self, forKey: .fileName)
        self.cropBounds = try container.decodeIfPresent(CropBounds.self, forKey: .cropBounds)
    }
}

/// The part of an inpaint item to use, as fractions of its width and height.
public struct CropBounds: Codable, Hashable, Sendable {
    public var leftFraction: Double
    public var topFraction: Double
    public var rightFraction: Double
    public var bottomFraction: Double

    public init(leftFraction: Double = 0, topFraction: Double = 0, rightFraction: Double = 1, bottomFraction: Double = 1) {
        self.leftFraction = leftFraction
        self.topFraction = topFraction
        self.rightFraction = rightFraction
        self.bottomFraction = bottomFraction
    }

    enum CodingKeys: String, CodingKey {
        case leftFraction = "left_fraction"
        case topFraction = "top_fraction"
        case rightFraction = "right_fraction"
        case bottomFraction = "bottom_fraction"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.leftFraction = try container.decodeIfPresent(Double.self, forKey: .leftFraction) ?? 0
        self.topFraction = try container.decodeIfPresent(Double.self, forKey: .topFraction) ?? 0
        self.rightFraction = try container.decodeIfPresent(Double.self, forKey: .rightFraction) ?? 1
        self.bottomFraction = try container.decodeIfPresent(Double.self, forKey: .bottomFraction) ?? 1
    }
}
