import Foundation
import MediaKit
public import SoraAPI
import SoraClient
import Yams

/// Reads a storyboard (YAML, or JSON, which YAML reads too) and checks every field against
/// what the chosen model allows, so that mistakes are reported, all at once and each with its
/// line, before any job exists.
public struct StoryboardParser {
    /// The limits shots are checked against (a user file may add a gateway's models).
    public var models: ModelCatalog

    public init(models: ModelCatalog = ModelCatalog()) {
        self.models = models
    }

    /// Parses and checks the file at `path`.
    /// - Throws: ``StoryboardError`` with every mistake found, each at its line and field.
    public func parse(path: String) throws(StoryboardError) -> Storyboard {
        try self.parse(text: Self.text(path, what: "storyboard"), path: path)
    }

    /// Parses storyboard text; `path` names it in errors and anchors relative image paths.
    /// - Throws: ``StoryboardError`` with every mistake found, each at its line and field.
    public func parse(text: String, path: String) throws(StoryboardError) -> Storyboard {
        let root = try Self.compose(text, path: path, what: "storyboard")
        let mistakes = MistakeCollector()
        let reader = NodeReader(path: path, mistakes: mistakes)
        let top = try reader.mapping(root, field: nil, allowed: ["title", "defaults", "shots", "budget", "prices", "retries", "models", "reference", "reel"])
        var parser = self
        if let node = top["models"], let added = mistakes.read({ try self.modelLimits(node, field: "models", reader: reader) }) {
            parser.models = ModelCatalog(added: Array(self.models.added.values) + added)
        }
        let title = mistakes.read { try reader.string(top["title"], field: "title", required: true, parent: root) } ?? nil
        let defaults =
            top["defaults"].flatMap { node in
                mistakes.read {
                    try reader.mapping(node, field: "defaults", allowed: ["api", "model", "size", "seconds", "variants", "image_fit", "validation", "reel"])
                }
            } ?? [:]
        let defaultShot = ShotFields(reader: reader, mapping: defaults, field: "defaults")
        let validation = self.validation(defaults["validation"], reader: reader)
        if let old = defaults["reel"], top["reel"] != nil {
            mistakes.note(reader.mistake(old, "defaults.reel", "give the reel's settings once, under reel: (defaults.reel is its older place)"))
        }
        let reel = top["reel"].map { self.reel($0, field: "reel", reader: reader) } ?? self.reel(defaults["reel"], field: "defaults.reel", reader: reader)
        let reference = top["reference"].flatMap { node in
            reader.read { try reader.string(node, field: "reference", required: true, parent: root) }.flatMap { image in
                mistakes.read { try self.resolveFile(image, relativeTo: path, line: node.mark?.line, field: "reference") }
            }
        }
        let budget = self.budget(top["budget"], reader: reader)
        let prices = top["prices"].flatMap { node in mistakes.read { try self.prices(node, field: "prices", reader: reader) } }
        let retries = top["retries"].flatMap { node in
            mistakes.read {
                try reader.integer(reader.mapping(node, field: "retries", allowed: ["qa"])["qa"], field: "retries.qa", range: 0...5)
            } ?? nil
        }
        var shots: [Shot] = []
        switch top["shots"] {
        case .sequence(let sequence)? where !sequence.isEmpty:
            var names: [String: Int] = [:]
            var continuations: [String: Node] = [:]
            for (index, node) in sequence.enumerated() {
                let previous = names.first { $0.value == index - 1 }?.key
                let context = ShotContext(
                    index: index, defaults: defaults, defaultShot: defaultShot, reader: reader, previous: previous, reference: reference
                )
                if let (shot, continuation) = parser.shot(node, context, names: &names) {
                    shots.append(shot)
                    if let continuation { continuations[shot.name] = continuation }
                }
            }
            self.checkContinuations(shots, nodes: continuations, names: names, reader: reader)
        case let node?:
            mistakes.note(reader.mistake(node, "shots", "must be a list of at least one shot"))
        case nil:
            mistakes.note(StoryboardError(path: path, line: root.mark?.line, field: "shots", "is missing: a storyboard needs at least one shot"))
        }
        try mistakes.check()
        return Storyboard(
            title: title ?? "", shots: shots, validation: validation, reel: reel, budget: budget,
            prices: prices ?? PriceTable([]), qaRetries: retries ?? 0, models: parser.models, path: path
        )
    }

    /// What every shot is read against.
    struct ShotContext {
        var index: Int
        var defaults: [String: Node]
        var defaultShot: ShotFields
        var reader: NodeReader
        /// The name of the shot before it, which `continue: previous` means.
        var previous: String?
        /// The storyboard's `reference:` image, for shots with no image of their own.
        var reference: String?
        var field: String { "shots[\(self.index)]" }
    }

    /// One shot, checked against its model's limits, and the node of its `continue:` or `from:`;
    /// `nil` (with its mistakes noted) when wrong.
    private func shot(_ node: Node, _ context: ShotContext, names: inout [String: Int]) -> (Shot, Node?)? {
        let reader = context.reader
        let mistakes = reader.mistakes
        let field = context.field
        let before = mistakes.mistakes.count
        let allowed: Set<String> = [
            "name", "prompt", "api", "model", "size", "seconds", "variants", "image", "image_fit", "continue", "from", "trim", "caption",
        ]
        guard let map = mistakes.read({ try reader.mapping(node, field: field, allowed: allowed) }) else { return nil }
        let fields = ShotFields(reader: reader, mapping: map, field: field)
        let prompt = mistakes.read { try reader.string(map["prompt"], field: "\(field).prompt", required: true, parent: node) } ?? nil
        let name =
            (mistakes.read { try reader.string(map["name"], field: "\(field).name", required: false, parent: node) } ?? nil)
            ?? String(format: "shot-%02d", context.index + 1)
        if !Self.isSafeName(name) {
            let rule = "must be 1-64 letters, digits, spaces, '-', '_' or '.', and must not start with '.'"
            mistakes.note(reader.mistake(map["name"] ?? node, "\(field).name", "\"\(name)\" \(rule)"))
        } else if let first = names[name] {
            mistakes.note(reader.mistake(map["name"] ?? node, "\(field).name", "\"\(name)\" is already the name of shots[\(first)]"))
        } else {
            names[name] = context.index
        }
        let ownImage = fields.image.flatMap { image in
            mistakes.read { try self.resolveFile(image, relativeTo: reader.path, line: map["image"]?.mark?.line, field: "\(field).image") }
        }
        let continuation = self.continuation(map, context)
        if continuation != nil, map["image"] != nil {
            mistakes.note(reader.mistake(map["image"], "\(field).image", "a shot starts from an image or from another shot, not both"))
        }
        let image = continuation == nil ? ownImage ?? context.reference : nil
        let defaultShot = context.defaultShot
        let api = fields.api ?? defaultShot.api ?? .azure
        var shot = Shot(
            name: name,
            prompt: prompt ?? "",
            api: api,
            model: fields.model ?? defaultShot.model ?? api.defaultModel,
            size: fields.size ?? defaultShot.size ?? api.defaultSize,
            seconds: fields.seconds ?? defaultShot.seconds ?? api.defaultSeconds,
            variants: fields.variants ?? defaultShot.variants ?? 1,
            image: image,
            imageFit: fields.imageFit ?? defaultShot.imageFit,
            continuation: continuation?.0
        )
        shot.trim = self.trim(map["trim"], field: "\(field).trim", seconds: shot.seconds, reader: reader)
        shot.caption = reader.read { try reader.string(map["caption"], field: "\(field).caption", required: false, parent: node) }
        if prompt != nil {
            self.checkLimits(shot, mapping: map, node: node, context)
        }
        if image != nil {
            _ = mistakes.read { try self.checkImage(shot, mapping: map, field: field, reader: reader) }
        }
        return mistakes.mistakes.count == before ? (shot, continuation?.1) : nil
    }

    /// The model's limits, each broken one reported at the field that set the value (the
    /// shot's own, or the default's).
    private func checkLimits(_ shot: Shot, mapping: [String: Node], node: Node, _ context: ShotContext) {
        let reader = context.reader
        for problem in shot.request.problems(api: shot.api, model: shot.model, catalog: self.models) {
            let key = problem.field.rawValue
            if let value = mapping[key] {
                reader.mistakes.note(reader.mistake(value, "\(context.field).\(key)", problem.message))
            } else if let value = context.defaults[key] {
                reader.mistakes.note(reader.mistake(value, "defaults.\(key)", problem.message))
            } else {
                reader.mistakes.note(reader.mistake(node, "\(context.field).\(key)", problem.message))
            }
        }
    }

    private func validation(_ node: Node?, reader: NodeReader) -> ValidationSettings {
        var settings = ValidationSettings()
        guard let node,
            let map = reader.mistakes.read({
                try reader.mapping(node, field: "defaults.validation", allowed: ["tolerance", "black_min", "freeze_min", "policy"])
            })
        else { return settings }
        if let file = reader.read({ try reader.string(map["policy"], field: "defaults.validation.policy", required: false, parent: node) }) {
            let resolved =
                file.hasPrefix("/") ? file : URL(fileURLWithPath: reader.path).deletingLastPathComponent().appendingPathComponent(file).standardizedFileURL.path
            do {
                settings.policy = try ValidationPolicyFile.load(path: resolved)
            } catch {
                reader.mistakes.note(reader.mistake(map["policy"], "defaults.validation.policy", error.description))
            }
        }
        let field = "defaults.validation"
        settings.tolerance = reader.read { try reader.number(map["tolerance"], field: "\(field).tolerance", range: 0...60) } ?? settings.tolerance
        settings.blackMinimum = reader.read { try reader.number(map["black_min"], field: "\(field).black_min", range: 0.01...3600) } ?? settings.blackMinimum
        settings.freezeMinimum =
            reader.read { try reader.number(map["freeze_min"], field: "\(field).freeze_min", range: 0.01...3600) } ?? settings.freezeMinimum
        return settings
    }

    private func reel(_ node: Node?, field: String, reader: NodeReader) -> ReelSettings {
        var settings = ReelSettings()
        let allowed: Set<String> = ["size", "fps", "transition", "music", "loudness"]
        guard let node, let map = reader.mistakes.read({ try reader.mapping(node, field: field, allowed: allowed) }) else { return settings }
        settings.size = reader.read { try reader.size(map["size"], field: "\(field).size") }
        settings.frameRate = reader.read { try reader.number(map["fps"], field: "\(field).fps", range: 1...120) }.map { Int($0) }
        settings.transition = reader.read { try reader.number(map["transition"], field: "\(field).transition", range: 0...10) } ?? 0
        settings.music = reader.read { try reader.string(map["music"], field: "\(field).music", required: false, parent: node) }.flatMap { music in
            reader.mistakes.read {
                try self.resolveFile(music, relativeTo: reader.path, line: map["music"]?.mark?.line, field: "\(field).music", what: "music file")
            }
        }
        settings.loudness = reader.read { try reader.number(map["loudness"], field: "\(field).loudness", range: ReelOptions.loudnessTargets) }
        return settings
    }

    private func budget(_ node: Node?, reader: NodeReader) -> Budget {
        var budget = Budget()
        guard let node, let map = reader.mistakes.read({ try reader.mapping(node, field: "budget", allowed: ["max_usd", "max_seconds"]) }) else {
            return budget
        }
        budget.maxUSD = reader.read { try reader.number(map["max_usd"], field: "budget.max_usd", range: 0...1_000_000) }
        budget.maxSeconds = reader.read { try reader.integer(map["max_seconds"], field: "budget.max_seconds", range: 0...10_000_000) }
        return budget
    }

    /// A list of prices, each `{model, usd_per_second, size, source, date}` (size, source and
    /// date optional): a storyboard's `prices:`, or a prices file.
    private func prices(_ node: Node, field: String, reader: NodeReader) throws(StoryboardError) -> PriceTable {
        guard case .sequence(let sequence) = node else {
            throw reader.mistake(node, field, "must be a list of prices, each {model, usd_per_second, size, source, date}")
        }
        var prices: [Price] = []
        for (index, item) in sequence.enumerated() {
            let at = "\(field)[\(index)]"
            let allowed: Set<String> = ["model", "size", "usd_per_second", "source", "date"]
            guard let map = reader.mistakes.read({ try reader.mapping(item, field: at, allowed: allowed) }) else { continue }
            let model = reader.read { try reader.string(map["model"], field: "\(at).model", required: true, parent: item) }
            let usd = reader.read { try reader.number(map["usd_per_second"], field: "\(at).usd_per_second", range: 0...1000) }
            if map["usd_per_second"] == nil { reader.mistakes.note(reader.mistake(item, "\(at).usd_per_second", "is required")) }
            let size = reader.read { try reader.size(map["size"], field: "\(at).size") }
            let source = reader.read { try reader.string(map["source"], field: "\(at).source", required: false, parent: item) }
            let date = reader.read { try reader.string(map["date"], field: "\(at).date", required: false, parent: item) }
            if let model, let usd {
                prices.append(Price(model: model, size: size?.description, usdPerSecond: usd, source: source ?? reader.path, date: date ?? "not given"))
            }
        }
        return PriceTable(prices)
    }

    /// A list of model limits, each `{name, sizes, seconds, variants, max_prompt_length}` (all
    /// but the name optional; `seconds` a list or `{min, max}`): a storyboard's `models:`, or a
    /// models file. A gateway's models are then checked before anything is sent.
    private func modelLimits(_ node: Node, field: String, reader: NodeReader) throws(StoryboardError) -> [ModelLimits] {
        guard case .sequence(let sequence) = node else {
            throw reader.mistake(node, field, "must be a list of models, each {name, sizes, seconds, variants, max_prompt_length}")
        }
        var models: [ModelLimits] = []
        for (index, item) in sequence.enumerated() {
            let at = "\(field)[\(index)]"
            let allowed: Set<String> = ["name", "sizes", "seconds", "variants", "max_prompt_length"]
            guard let map = reader.mistakes.read({ try reader.mapping(item, field: at, allowed: allowed) }),
                let name = reader.read({ try reader.string(map["name"], field: "\(at).name", required: true, parent: item) })
            else { continue }
            var limits = ModelLimits(name: name)
            if let node = map["sizes"] {
                if case .sequence(let sizes) = node {
                    limits.sizes = sizes.enumerated().compactMap { offset, size in
                        reader.read { try reader.size(size, field: "\(at).sizes[\(offset)]") }
                    }
                } else {
                    reader.mistakes.note(reader.mistake(node, "\(at).sizes", "must be a list of sizes like 1280x720"))
                }
            }
            if let node = map["seconds"] {
                switch node {
                case .sequence(let values):
                    let seconds = values.enumerated().compactMap { offset, value in
                        reader.read { try reader.integer(value, field: "\(at).seconds[\(offset)]", range: 1...3600) }
                    }
                    limits.seconds = .oneOf(seconds)
                case .mapping:
                    if let range = reader.mistakes.read({ try reader.mapping(node, field: "\(at).seconds", allowed: ["min", "max"]) }),
                        let low = reader.read({ try reader.integer(range["min"], field: "\(at).seconds.min", range: 1...3600) }),
                        let high = reader.read({ try reader.integer(range["max"], field: "\(at).seconds.max", range: 1...3600) })
                    {
                        if low <= high {
                            limits.seconds = .range(low...high)
                        } else {
                            reader.mistakes.note(reader.mistake(node, "\(at).seconds", "min \(low) is above max \(high)"))
                        }
                    }
                default:
                    reader.mistakes.note(reader.mistake(node, "\(at).seconds", "must be a list of lengths or {min, max}"))
                }
            }
            if let most = reader.read({ try reader.integer(map["variants"], field: "\(at).variants", range: 1...16) }) {
                limits.variants = most == 1 ? .onePerJob : .atMost(most)
            }
            if let length = reader.read({ try reader.integer(map["max_prompt_length"], field: "\(at).max_prompt_length", range: 1...10_000_000) }) {
                limits.maxPromptLength = length
            }
            models.append(limits)
        }
        return models
    }

    /// Reads a models file (`--models FILE`): the same list as a storyboard's `models:`, at the
    /// top of the file or under a `models:` key.
    public func models(path: String) throws(StoryboardError) -> [ModelLimits] {
        let root = try Self.compose(Self.text(path, what: "models file"), path: path, what: "models file")
        let mistakes = MistakeCollector()
        let reader = NodeReader(path: path, mistakes: mistakes)
        let list = (try? reader.mapping(root, field: nil, allowed: ["models"]))?["models"] ?? root
        let models = mistakes.read { try self.modelLimits(list, field: "models", reader: reader) }
        try mistakes.check()
        return models ?? []
    }

    /// Reads a prices file (`--prices FILE`): the same list as a storyboard's `prices:`, at the
    /// top of the file or under a `prices:` key.
    public func prices(path: String) throws(StoryboardError) -> PriceTable {
        let root = try Self.compose(Self.text(path, what: "prices file"), path: path, what: "prices file")
        let mistakes = MistakeCollector()
        let reader = NodeReader(path: path, mistakes: mistakes)
        let list = (try? reader.mapping(root, field: nil, allowed: ["prices"]))?["prices"] ?? root
        let table = mistakes.read { try self.prices(list, field: "prices", reader: reader) }
        try mistakes.check()
        return table ?? PriceTable([])
    }

    private static func text(_ path: String, what: String) throws(StoryboardError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoryboardError(path: path, line: nil, field: nil, "cannot read the \(what) file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StoryboardError(path: path, line: nil, field: nil, "the \(what) is not UTF-8 text")
        }
        return text
    }

    private static func compose(_ text: String, path: String, what: String) throws(StoryboardError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw StoryboardError(path: path, line: nil, field: nil, "the \(what) is empty")
            }
            return node
        } catch let error as StoryboardError {
            throw error
        } catch let error as YamlError {
            throw Self.syntaxError(error, path: path)
        } catch {
            throw StoryboardError(path: path, line: nil, field: nil, "cannot parse: \(error)")
        }
    }

    /// The image is a PNG, JPEG or WebP of the shot's size, or `image_fit` says how to fit it:
    /// read from its header, so a wrong image is reported before any job exists.
    private func checkImage(_ shot: Shot, mapping: [String: Node], field: String, reader: NodeReader) throws(StoryboardError) {
        guard let image = shot.image else { return }
        let line = mapping["image"]?.mark?.line
        let header: ImageHeader
        do {
            header = try ImageFitter().header(path: image)
        } catch {
            throw StoryboardError(path: reader.path, line: line, field: "\(field).image", "\(mapping["image"]?.scalar?.string ?? image): \(error.message)")
        }
        if shot.imageFit == nil, header.width != shot.size.width || header.height != shot.size.height {
            throw StoryboardError(
                path: reader.path, line: line, field: "\(field).image",
                "\(mapping["image"]?.scalar?.string ?? image) is \(header.width)x\(header.height), not the shot's \(shot.size); set image_fit: crop (scale to cover, cut the edges) or pad (scale to fit, black bars)"
            )
        }
    }

    /// The absolute path of a file the storyboard names, relative to the storyboard's folder.
    private func resolveFile(
        _ image: String, relativeTo path: String, line: Int?, field: String, what: String = "image"
    ) throws(StoryboardError)
        -> String
    {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        let resolved = image.hasPrefix("/") ? image : base.appendingPathComponent(image).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw StoryboardError(path: path, line: line, field: field, "\(what) \(image) does not exist")
        }
        return resolved
    }

    static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || " -_.".unicodeScalars.contains($0) }
    }

    private static func syntaxError(_ error: YamlError, path: String) -> StoryboardError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return StoryboardError(path: path, line: mark.line, field: nil, "syntax error: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, _):
            return StoryboardError(path: path, line: nil, field: nil, "duplicated keys: \(duplicates.joined(separator: ", "))")
        default:
            return StoryboardError(path: path, line: nil, field: nil, "syntax error: \(error)")
        }
    }
}

/// The overridable shot fields, read where they appear (a shot, or `defaults`); a wrong one is
/// noted and left out.
struct ShotFields {
    var api: VideoAPI?
    var model: String?
    var size: VideoSize?
    var seconds: Int?
    var variants: Int?
    var image: String?
    var imageFit: ImageFit?

    init(reader: NodeReader, mapping: [String: Node], field: String) {
        if let node = mapping["api"], let text = reader.read({ try reader.string(node, field: "\(field).api", required: true, parent: node) }) {
            self.api = VideoAPI(rawValue: text)
            if self.api == nil { reader.mistakes.note(reader.mistake(node, "\(field).api", "\"\(text)\" is not an API (azure or openai)")) }
        }
        self.model = reader.read { try reader.string(mapping["model"], field: "\(field).model", required: false, parent: nil) }
        self.size = reader.read { try reader.size(mapping["size"], field: "\(field).size") }
        self.seconds = reader.read { try reader.integer(mapping["seconds"], field: "\(field).seconds") }
        self.variants = reader.read { try reader.integer(mapping["variants"], field: "\(field).variants") }
        self.image = reader.read { try reader.string(mapping["image"], field: "\(field).image", required: false, parent: nil) }
        if let node = mapping["image_fit"], let text = reader.read({ try reader.string(node, field: "\(field).image_fit", required: true, parent: node) }) {
            self.imageFit = ImageFit(rawValue: text)
            if self.imageFit == nil { reader.mistakes.note(reader.mistake(node, "\(field).image_fit", "\"\(text)\" is not an image fit (crop or pad)")) }
        }
    }
}
