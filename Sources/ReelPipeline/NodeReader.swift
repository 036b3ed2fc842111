import Foundation
import MediaKit
import SoraAPI
import Yams

/// Reads typed values from YAML nodes, with the line of each node for errors.
struct NodeReader {
    let path: String
    /// Where mistakes that do not stop the reading are noted (unknown fields).
    let mistakes: MistakeCollector

    /// The fields of a mapping; an unknown field is noted as a mistake and left out.
    func mapping(_ node: Node, field: String?, allowed: Set<String>) throws(StoryboardError) -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw StoryboardError(path: self.path, line: node.mark?.line, field: field, "must be a mapping of fields")
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.scalar?.string ?? ""
            guard allowed.contains(name) else {
                let known = allowed.sorted().joined(separator: ", ")
                self.mistakes.note(
                    StoryboardError(
                        path: self.path, line: key.mark?.line, field: field.map { "\($0).\(name)" } ?? name,
                        "unknown field (known fields: \(known))"
                    )
                )
                continue
            }
            result[name] = value
        }
        return result
    }

    /// An optional value: what `body` reads, or `nil` when the field is absent or wrong (the
    /// mistake noted), so that reading goes on to find the file's other mistakes.
    func read<T>(_ body: () throws -> T?) -> T? {
        self.mistakes.read(body) ?? nil
    }

    /// The error for `node`, at its line.
    func mistake(_ node: Node?, _ field: String, _ message: String) -> StoryboardError {
        StoryboardError(path: self.path, line: node?.mark?.line, field: field, message)
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

    func integer(_ node: Node?, field: String, range: ClosedRange<Int>? = nil) throws(StoryboardError) -> Int? {
        guard let node else { return nil }
        guard let text = node.scalar?.string, let value = Int(text) else {
            throw StoryboardError(path: self.path, line: node.mark?.line, field: field, "\"\(node.scalar?.string ?? "…")\" is not a whole number")
        }
        if let range, !range.contains(value) {
            throw StoryboardError(path: self.path, line: node.mark?.line, field: field, "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
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
