/// Shell-style path patterns for policy overrides: `*` and `?` within one folder name, `**`
/// across folders, `[abc]` classes. See ``ValidationPolicy/Override/glob``.
enum Glob {
    /// Whether `pattern` matches `path`: a pattern without `/` is matched against the file
    /// name; one with `/` against the whole path or any tail of it that starts a folder name.
    static func matches(_ pattern: String, path: String) -> Bool {
        let patternParts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let pathParts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !patternParts.isEmpty, !pathParts.isEmpty else { return false }
        if !pattern.contains("/") {
            return Self.matchName(Array(pattern), Array(pathParts[pathParts.count - 1]))
        }
        let anchored = pattern.hasPrefix("/")
        let starts = anchored ? [0] : Array(0..<pathParts.count)
        return starts.contains { Self.matchParts(patternParts[...], pathParts[$0...]) }
    }

    private static func matchParts(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            return (path.startIndex...path.endIndex).contains { Self.matchParts(rest, path[$0...]) }
        }
        guard let name = path.first, Self.matchName(Array(first), Array(name)) else { return false }
        return Self.matchParts(pattern.dropFirst(), path.dropFirst())
    }

    /// `*`, `?` and `[...]` within one name, by backtracking on the last `*`.
    private static func matchName(_ pattern: [Character], _ name: [Character]) -> Bool {
        var p = 0
        var n = 0
        var star: (p: Int, n: Int)? = nil
        while n < name.count {
            if p < pattern.count, pattern[p] == "*" {
                star = (p, n)
                p += 1
            } else if p < pattern.count, let width = Self.single(pattern, at: p, matches: name[n]) {
                p += width
                n += 1
            } else if let last = star {
                p = last.p + 1
                n = last.n + 1
                star = (last.p, last.n + 1)
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// How many pattern characters at `index` match `character` (`?`, a class, or itself); `nil` if none.
    private static func single(_ pattern: [Character], at index: Int, matches character: Character) -> Int? {
        switch pattern[index] {
        case "?":
            return 1
        case "[":
            guard let close = pattern[(index + 1)...].firstIndex(of: "]"), close > index + 1 else {
                return character == "[" ? 1 : nil
            }
            var members = pattern[(index + 1)..<close]
            let negated = members.first == "!" || members.first == "^"
            if negated { members = members.dropFirst() }
            var found = false
            var i = members.startIndex
            while i < members.endIndex {
                if i + 2 < members.endIndex, members[i + 1] == "-" {
                    if members[i] <= character && character <= members[i + 2] { found = true }
                    i += 3
                } else {
                    if members[i] == character { found = true }
                    i += 1
                }
            }
            return found != negated ? close - index + 1 : nil
        default:
            return pattern[index] == character ? 1 : nil
        }
    }
}
