import Synchronization

/// The right to have a delivery `sending` in the ledger: one per relay connection. A delivery
/// takes a slot before its claim and gives it back once its outcome is committed, so however far
/// composition runs ahead, after a kill at most one delivery per connection is in doubt.
final class SendingSlots: Sendable {
    private struct State {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    private let state: Mutex<State>

    /// `count` slots, all free.
    init(count: Int) {
        state = Mutex(State(free: max(1, count)))
    }

    /// Takes a free slot, or waits (first come, first served) for one to be given back.
    func acquire() async {
        let taken = state.withLock { state -> Bool in
            guard state.free > 0 else { return false }
            state.free -= 1
            return true
        }
        guard !taken else { return }
        await withCheckedContinuation { continuation in
            let takenMeanwhile = state.withLock { state -> Bool in
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                state.waiting.append(continuation)
                return false
            }
            if takenMeanwhile { continuation.resume() }
        }
    }

    /// Gives a slot back: to the longest waiter, or to the free ones.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.head < state.waiting.count else {
                state.free += 1
                return nil
            }
            let next = state.waiting[state.head]
            state.head += 1
            if state.head == state.waiting.count {
                state.waiting.removeAll(keepingCapacity: true)
                state.head = 0
            }
            return next
        }
        next?.resume()
    }
}
