import Foundation
import MediaKit
import SoraAPI
import SoraClient
import Yams

/// Reads a storyboard (YAML, or JSON, which YAML reads too) and checks every field against
/// what the chosen API allows, so a mistake is reported with its line before any job exists.
public struct StoryboardParser {
    public init() {}

    /// Parses and checks the file at `path`.
    /// - Throws: ``StoryboardError`` naming the line and field of the first mistake.
    public func parse(path: String) throws(StoryboardError) -> Storyboard {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StoryboardError(path: path, line: nil, field: nil, "cannot read the storyboard file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StoryboardError(path: path, line: nil, field: nil, "the storyboard is not UTF-8 text")
        }
        return try self.parse(text: text, path: path)
    }

    /// Parses storyboard text; `path` names it in errors and anchors relative image paths.
    public func parse(text: String, path: String) throws(StoryboardError) -> Storyboard {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw StoryboardError(path: path, line: nil, field: nil, "the storyboard is empty")
            }
            root = node
        } catch let error as StoryboardError {
            throw error
        } catch let error as YamlError {
            throw Self.syntaxError(error, path: path)
        } catch {
            throw StoryboardError(path: path, line: nil, field: nil, "cannot parse: \(error)")
        }
        let reader = NodeReader(path: path)
        let top = try reader.mapping(root, field: nil, allowed: ["title", "defaults", "shots"])
        let title = try reader.string(top["title"], field: "title", required: true, parent: root) ?? ""

        let defaultsNode = top["defaults"]
        let defaults = try defaultsNode.map { node throws(StoryboardError) in
            try reader.mapping(node, field: "defaults", allowed: ["api", "model", "size", "seconds", "variants", "image_fit", "validation", "reel"])
        } ?? [:]
        let defaultShot = try ShotFields(reader: reader, mapping: defaults, field: "defaults")

        let validationNode = defaults["validation"]
        let validationMap = try validationNode.map { node throws(StoryboardError) in
            try reader.mapping(node, field: "defaults.validation", allowed: ["tolerance", "black_min", "freeze_min"])
        } ?? [:]
        let validation = ValidationSettings(
            tolerance: try reader.number(validationMap["tolerance"], field: "defaults.validation.tolerance", range: 0...60) ?? 0.5,
            blackMinimum: try reader.number(validationMap["black_min"], field: "defaults.validation.black_min", range: 0.01...3600) ?? 1,
            freezeMinimum: try reader.number(validationMap["freeze_min"], field: "defaults.validation.freeze_min", range: 0.01...3600) ?? 2
        )

        let reelNode = defaults["reel"]
        let reelMap = try reelNode.map { node throws(StoryboardError) in
            try reader.mapping(node, field: "defaults.reel", allowed: ["size", "fps", "transition"])
        } ?? [:]
        let reel = ReelSettings(
            size: try reader.size(reelMap["size"], field: "defaults.reel.size"),
            frameRate: try reader.number(reelMap["fps"], field: "defaults.reel.fps", range: 1...120).map { Int($0) },
            transition: try reader.number(reelMap["transition"], field: "defaults.reel.transition", range: 0...10) ?? 0
        )

        guard let shotsNode = top["shots"] else {
            throw StoryboardError(path: path, line: root.mark.map { $0.line }, field: "shots", "is missing: a storyboard needs at least one shot")
        }
        guard case .sequence(let sequence) = shotsNode, !sequence.isEmpty else {
            throw StoryboardError(path: path, line: shotsNode.mark?.line, field: "shots", "must be a list of at least one shot")
        }
        var shots: [Shot] = []
        var names: [String: Int] = [:]
        for (index, node) in sequence.enumerated() {
            let field = "shots[\(index)]"
            let map = try reader.mapping(node, field: field, allowed: ["name", "prompt", "api", "model", "size", "seconds", "variants", "image", "image_fit"])
            let fields = try ShotFields(reader: reader, mapping: map, field: field)
            let prompt = try reader.string(map["prompt"], field: "\(field).prompt", required: true, parent: node) ?? ""
            let name = try reader.string(map["name"], field: "\(field).name", required: false, parent: node) ?? String(format: "shot-%02d", index + 1)
            guard Self.isSafeName(name) else {
                throw StoryboardError(path: path, line: (map["name"] ?? node).mark?.line, field: "\(field).name", "\"\(name)\" must be 1-64 letters, digits, spaces, '-', '_' or '.'")
            }
            if let first = names[name] {
                throw StoryboardError(path: path, line: (map["name"] ?? node).mark?.line, field: "\(field).name", "\"\(name)\" is already the name of shots[\(first)]")
            }
            names[name] = index
            let api = fields.api ?? defaultShot.api ?? .azure
            let shot = Shot(
                name: name,
                prompt: prompt,
                api: api,
                model: fields.model ?? defaultShot.model ?? (api == .azure ? "sora" : Sora2Limits.defaultModel),
                size: fields.size ?? defaultShot.size ?? (api == .azure ? VideoSize(width: 480, height: 480) : VideoSize(width: 720, height: 1280)),
                seconds: fields.seconds ?? defaultShot.seconds ?? (api == .azure ? 5 : 4),
                variants: fields.variants ?? defaultShot.variants ?? 1,
                image: try fields.image.map { image throws(StoryboardError) in try self.resolveImage(image, relativeTo: path, line: map["image"]?.mark?.line, field: "\(field).image") },
                imageFit: fields.imageFit ?? defaultShot.imageFit
            )
            try self.checkImage(shot, mapping: map, field: field, reader: reader)
            try self.check(shot, mapping: map, defaults: defaults, node: node, field: field, reader: reader)
            shots.append(shot)
        }
        return Storyboard(title: title, shots: shots, validation: validation, reel: reel, path: path)
    }

    /// The API's limits, reported at the field that set the value (the shot's, or the default's).
    private func check(_ shot: Shot, mapping: [String: Node], defaults: [String: Node], node: Node, field: String, reader: NodeReader) throws(StoryboardError) {
        func place(_ key: String) -> (line: Int?, field: String) {
            if let value = mapping[key] { return (value.mark?.line, "\(field).\(key)") }
            if let value = defaults[key] { return (value.mark?.line, "defaults.\(key)") }
            return (node.mark?.line, "\(field).\(key)")
        }
        switch shot.api {
        case .azure:
            let size = shot.size
            if !Sora1Limits.sizes.contains(where: { $0.width == size.width && $0.height == size.height }) {
                let at = place("size")
                let allowed = Sora1Limits.sizes.map { "\($0.width)x\($0.height)" }.joined(separator: ", ")
                throw StoryboardError(path: reader.path, line: at.line, field: at.field, "\(size) is not a size \(shot.model) makes (\(allowed))")
            }
            if shot.seconds > Sora1Limits.seconds.upperBound || shot.seconds < Sora1Limits.seconds.lowerBound {
                let at = place("seconds")
                let bound = shot.seconds > Sora1Limits.seconds.upperBound ? "above the maximum of \(Sora1Limits.seconds.upperBound)" : "below the minimum of \(Sora1Limits.seconds.lowerBound)"
                throw StoryboardError(path: reader.path, line: at.line, field: at.field, "\(shot.seconds) is \(bound) for \(shot.model)")
            }
            let maximum = Sora1Limits.maxVariants(width: size.width, height: size.height)
            if shot.variants < 1 || shot.variants > maximum {
                let at = place("variants")
                throw StoryboardError(path: reader.path, line: at.line, field: at.field, "\(shot.variants) variants are not allowed at \(size) (1 to \(maximum))")
            }
        case .openai:
            if !Sora2Limits.seconds.contains(String(shot.seconds)) {
                let at = place("seconds")
                throw StoryboardError(path: reader.path, line: at.line, field: at.field, "\(shot.seconds) is not a length \(shot.model) makes (4, 8 or 12)")
            }
            let sizes = Sora2Limits.sizes(for: shot.model)
            if !sizes.contains(shot.size.description) {
                let at = place("size")
                throw StoryboardError(path: reader.path, line: at.line, field: at.field, "\(shot.size) is not a size \(shot.model) makes (\(sizes.joined(separator: ", ")))")
            }
            if shot.variants != 1 {
                let at = place("variants")
                throw StoryboardError(path: reader.path, line: at.line, field: at.field, "\(shot.model) makes one video per job; variants must be 1")
            }
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

    private func resolveImage(_ image: String, relativeTo path: String, line: Int?, field: String) throws(StoryboardError) -> String {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        let resolved = image.hasPrefix("/") ? image : base.appendingPathComponent(image).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw StoryboardError(path: path, line: line, field: field, "image \(image) does not exist")
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

/// The overridable shot fields, read where they appear (a shot, or `defaults`).
private struct ShotFields {
    var api: SoraEndpoint.API?
    var model: String?
    var size: VideoSize?
    var seconds: Int?
    var variants: Int?
    var image: String?
    var imageFit: ImageFit?

    init(reader: NodeReader, mapping: [String: Node], field: String) throws(StoryboardError) {
        if let node = mapping["api"] {
            let text = try reader.string(node, field: "\(field).api", required: true, parent: node) ?? ""
            guard let api = SoraEndpoint.API(rawValue: text) else {
                throw StoryboardError(path: reader.path, line: node.mark?.line, field: "\(field).api", "\"\(text)\" is not an API (azure or openai)")
            }
            self.api = api
        }
        self.model = try reader.string(mapping["model"], field: "\(field).model", required: false, parent: nil)
        self.size = try reader.size(mapping["size"], field: "\(field).size")
        self.seconds = try reader.integer(mapping["seconds"], field: "\(field).seconds")
        self.variants = try reader.integer(mapping["variants"], field: "\(field).variants")
        self.image = try reader.string(mapping["image"], field: "\(field).image", required: false, parent: nil)
        if let node = mapping["image_fit"] {
            let text = try reader.string(node, field: "\(field).image_fit", required: true, parent: node) ?? ""
            guard let fit = ImageFit(rawValue: text) else {
                throw StoryboardError(path: reader.path, line: node.mark?.line, field: "\(field).image_fit", "\"\(text)\" is not an image fit (crop or pad)")
            }
            self.imageFit = fit
        }
    }
}

/// Reads typed values from YAML nodes, with the line of each node for errors.
struct NodeReader {
    let path: String

    func mapping(_ node: Node, field: String?, allowed: Set<String>) throws(StoryboardError) -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw StoryboardError(path: self.path, line: node.mark?.line, field: field, "must be a mapping of fields")
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            guard allowed.contains(name) else {
                let known = allowed.sorted().joined(separator: ", ")
                throw StoryboardError(
                    path: self.path, line: key.mark?.line, field: field.map { "\($0).\(name)" } ?? name,
                    "unknown field (known fields: \(known))"
                )
            }
            result[name] = value
        }
        return result
    }

    func string(_ node: Node?, field: String, required: Bool, parent: Node?) throws(StoryboardError) -> String? {
        guard let node else {
            if required {
                throw StoryboardError(path: self.path, line: parent?.mark?.line, field: field, "is required")
            }
            return nil
        }
        guard let text = node.scalar?.string, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoryboardError(path: self.path, line: node.mark?.line, field: field, "must be non-empty text")
        }
        return text
    }

    func integer(_ node: Node?, field: String) throws(StoryboardError) -> Int? {
        guard let node else { return nil }
        guard let text = node.scalar?.string, let value = Int(text) else {
            throw StoryboardError(path: self.path, line: node.mark?.line, field: field, "\"\(node.scalar?.string ?? "…")\" is not a whole number")
        }
        return value
    }

    func number(_ node: Node?, field: String, range: ClosedRange<Double>) throws(StoryboardError) -> Double? {
        guard let node else { return nil }
        guard let text = node.scalar?.string, let value = Double(text), value.isFinite else {
            throw StoryboardError(path: self.path, line: node.mark?.line, field: field, "\"\(node.scalar?.string ?? "…")\" is not a number")
        }
        guard range.contains(value) else {
            throw StoryboardError(path: self.path, line: node.mark?.line, field: field, "\(text) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func size(_ node: Node?, field: String) throws(StoryboardError) -> VideoSize? {
        guard let node else { return nil }
        guard let text = node.scalar?.string, let size = VideoSize(text) else {
            throw StoryboardError(path: self.path, line: node.mark?.line, field: field, "\"\(node.scalar?.string ?? "…")\" is not a size like 1280x720")
        }
        return size
    }
}
