/// Mistakes in a storyboard file, each pointing at its line and field, all reported at once:
/// `board.yaml:14: shots[3].seconds: 25 is above the maximum of 20 for sora`.
public struct StoryboardError: Error, Hashable, Sendable, CustomStringConvertible {
    /// In file order.
    public var mistakes: [FileMistake]

    public init(_ mistakes: [FileMistake]) {
        self.mistakes = mistakes
    }

    /// One mistake.
    public init(path: String, line: Int?, field: String?, _ message: String) {
        self.mistakes = [FileMistake(path: path, line: line, field: field, message)]
    }

    /// One line per mistake.
    public var description: String { self.mistakes.map(\.description).joined(separator: "\n") }
}

/// Gathers a file's mistakes so that all are reported together, instead of one per run.
final class MistakeCollector {
    private(set) var mistakes: [FileMistake] = []

    /// The value `body` reads, or `nil` with its mistakes noted. (`body` throws only
    /// ``StoryboardError``; closures cannot yet infer a typed throw from their context.)
    func read<T>(_ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch let error as StoryboardError {
            self.mistakes += error.mistakes
        } catch {
            self.mistakes.append(FileMistake(path: "", line: nil, field: nil, "\(error)"))
        }
        return nil
    }

    func note(_ error: StoryboardError) {
        self.mistakes += error.mistakes
    }

    /// Throws every mistake noted, once each (a wrong default is wrong for every shot), by line.
    func check() throws(StoryboardError) {
        guard !self.mistakes.isEmpty else { return }
        var seen = Set<FileMistake>()
        let unique = self.mistakes.enumerated().filter { seen.insert($0.element).inserted }
        throw StoryboardError(unique.sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element))
    }
}
