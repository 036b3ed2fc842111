/// Caps how many jobs run at once on a deployment: a waiter queue, so callers beyond the cap
/// wait their turn instead of drawing 429 "too many running tasks".
actor JobSlots {
    private let capacity: Int
    private var inUse = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func acquire() async {
        if self.inUse < self.capacity {
            self.inUse += 1
            return
        }
        await withCheckedContinuation { self.waiters.append($0) }
    }

    func release() {
        if self.waiters.isEmpty {
            self.inUse = max(0, self.inUse - 1)
        } else {
            self.waiters.removeFirst().resume()
        }
    }
}
