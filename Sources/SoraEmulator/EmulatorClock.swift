import Foundation
import Synchronization

/// The emulator's notion of now, in Unix seconds: the wall clock, or a clock tests move by hand.
public protocol EmulatorClock: Sendable {
    func now() -> Double
}

/// The system's wall clock.
public struct WallClock: EmulatorClock {
    public init() {}
    public func now() -> Double { Date().timeIntervalSince1970 }
}

/// A clock that moves only when told: lifecycles step through their statuses under test control.
public final class ManualClock: EmulatorClock {
    private let current: Mutex<Double>

    public init(start: Double = 1_760_000_000) {
        self.current = Mutex(start)
    }

    public func now() -> Double { self.current.withLock { $0 } }

    public func advance(by seconds: Double) {
        self.current.withLock { $0 += seconds }
    }
}
