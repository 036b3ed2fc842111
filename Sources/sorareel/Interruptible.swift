import Dispatch
import Foundation
import Synchronization

/// Runs work that a signal stops cleanly: the first one cancels the work, so it ends with what
/// it has written kept (`run` resumes from its journal, a worker hands back what it holds); a
/// second one exits at once with status 130.
enum Interruptible {
    enum Outcome<T: Sendable>: Sendable {
        case finished(T)
        case interrupted
        case failed(any Error)
    }

    /// - Parameters:
    ///   - signals: the signals that stop the work; each is ignored by the process while it runs
    ///     and given back its default action after.
    ///   - message: what the first signal prints after `stopping: `.
    static func run<T: Sendable>(
        on signals: [Int32] = [SIGINT],
        saying message: String = "the work under way is left as it is, to be resumed (Ctrl-C again to quit at once)",
        _ body: @escaping @Sendable () async throws -> T
    ) async -> Outcome<T> {
        let task = Task { try await body() }
        let signalled = Mutex(false)
        let sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let again = signalled.withLock { value in
                    defer { value = true }
                    return value
                }
                if again { exit(130) }
                printError("stopping: \(message)")
                task.cancel()
            }
            source.resume()
            return source
        }
        defer {
            for (number, source) in zip(signals, sources) {
                source.cancel()
                signal(number, SIG_DFL)
            }
        }
        do {
            let value = try await task.value
            return signalled.withLock { $0 } ? .interrupted : .finished(value)
        } catch {
            return signalled.withLock { $0 } ? .interrupted : .failed(error)
        }
    }
}
