import MediaKit
import Yams

/// The fields that make shots hold together: `continue:` / `from:`, `trim:`.
extension StoryboardParser {
    /// A shot's `continue: previous|NAME` or `from: {shot: NAME, at: SECONDS|last}`, and its node;
    /// whether the named shot exists is checked once every shot is read.
    func continuation(_ map: [String: Node], _ context: ShotContext) -> (Continuation, Node)? {
        let reader = context.reader
        let field = context.field
        switch (map["continue"], map["from"]) {
        case (let node?, _?):
            reader.mistakes.note(reader.mistake(node, "\(field).continue", "give continue: or from:, not both"))
            return nil
        case (let node?, nil):
            guard let name = reader.read({ try reader.string(node, field: "\(field).continue", required: true, parent: node) }) else { return nil }
            guard name == "previous" else { return (Continuation(shot: name), node) }
            guard let previous = context.previous else {
                let reason = context.index == 0 ? "the first shot has no previous shot" : "the previous shot has mistakes of its own"
                reader.mistakes.note(reader.mistake(node, "\(field).continue", reason))
                return nil
            }
            return (Continuation(shot: previous), node)
        case (nil, let node?):
            guard let from = reader.mistakes.read({ try reader.mapping(node, field: "\(field).from", allowed: ["shot", "at"]) }),
                let name = reader.read({ try reader.string(from["shot"], field: "\(field).from.shot", required: true, parent: node) })
            else { return nil }
            let shot = name == "previous" ? context.previous ?? name : name
            guard let at = from["at"], at.scalar?.string != "last" else { return (Continuation(shot: shot), node) }
            guard let seconds = reader.read({ try reader.number(at, field: "\(field).from.at", range: 0...3600) }) else {
                return nil
            }
            return (Continuation(shot: shot, frame: .seconds(seconds)), node)
        case (nil, nil):
            return nil
        }
    }

    /// Every continuation names another shot of the storyboard, within its length, and no chain
    /// comes back to where it started.
    func checkContinuations(_ shots: [Shot], nodes: [String: Node], names: [String: Int], reader: NodeReader) {
        let byName = Dictionary(uniqueKeysWithValues: shots.map { ($0.name, $0) })
        for shot in shots {
            guard let continuation = shot.continuation, let node = nodes[shot.name] else { continue }
            let field = "shots[\(names[shot.name] ?? 0)].\(node.mapping?["shot"] == nil ? "continue" : "from")"
            guard continuation.shot != shot.name else {
                reader.mistakes.note(reader.mistake(node, field, "a shot cannot continue from itself"))
                continue
            }
            guard let source = byName[continuation.shot] else {
                // A shot with mistakes of its own is reported there, not again here.
                if names[continuation.shot] == nil {
                    let known = shots.map(\.name).filter { $0 != shot.name }.joined(separator: ", ")
                    reader.mistakes.note(reader.mistake(node, field, "no shot is named \"\(continuation.shot)\" (shots: \(known))"))
                }
                continue
            }
            if case .seconds(let at) = continuation.frame, at > Double(source.seconds) {
                reader.mistakes.note(
                    reader.mistake(node, "\(field).at", "\(at) s is past the end of \(source.name), which is \(source.seconds) s long")
                )
            }
            var chain = [shot.name]
            var next: Continuation? = continuation
            while let step = next, let source = byName[step.shot] {
                chain.append(source.name)
                if source.name == shot.name {
                    reader.mistakes.note(reader.mistake(node, field, "shots continue from each other in a circle: \(chain.joined(separator: " → "))"))
                    break
                }
                if chain.count > shots.count { break }  // a circle that does not pass through this shot: reported at its own shots
                next = source.continuation
            }
        }
    }

    /// A shot's `trim: {start, end}`, within its length.
    func trim(_ node: Node?, field: String, seconds: Int, reader: NodeReader) -> ClipTrim? {
        guard let node, let map = reader.mistakes.read({ try reader.mapping(node, field: field, allowed: ["start", "end"]) }) else {
            return nil
        }
        let length = Double(seconds)
        let start = reader.read { try reader.number(map["start"], field: "\(field).start", range: 0...length) } ?? 0
        let end = reader.read { try reader.number(map["end"], field: "\(field).end", range: 0...length) }
        if map["start"] == nil, map["end"] == nil {
            reader.mistakes.note(reader.mistake(node, field, "needs a start or an end, in seconds"))
            return nil
        }
        if let end, end <= start {
            reader.mistakes.note(reader.mistake(map["end"], "\(field).end", "\(end) is not after the start (\(start))"))
            return nil
        }
        if end == nil, start >= length {
            reader.mistakes.note(reader.mistake(map["start"], "\(field).start", "\(start) leaves nothing of a \(seconds) s clip"))
            return nil
        }
        return ClipTrim(start: start, end: end)
    }
}
