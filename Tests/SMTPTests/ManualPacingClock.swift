import SMTP
import Synchronization

/// A pacing clock that moves only when a test calls ``advance(by:)``: sleepers wake when it passes
/// their deadline, so that tests drive the pacer's time without sleeping or measuring it.
final class ManualPacingClock: PacingClock {
    private struct Sleeper {
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, Never>
    }
    private struct State {
        var now: ContinuousClock.Instant
        var sleepers: [Sleeper] = []
    }

    /// The instant the clock was made at.
    let start: ContinuousClock.Instant
    private let state: Mutex<State>

    init() {
        start = ContinuousClock.now
        state = Mutex(State(now: start))
    }

    var now: ContinuousClock.Instant { state.withLock { $0.now } }

    /// Tasks waiting in ``sleep(until:)``.
    var sleeping: Int { state.withLock { $0.sleepers.count } }

    /// The time since ``start``.
    var elapsed: Duration { now - start }

    func sleep(until deadline: ContinuousClock.Instant) async {
        await withCheckedContinuation { continuation in
            let due = state.withLock { state in
                guard deadline > state.now else { return true }
                state.sleepers.append(Sleeper(deadline: deadline, continuation: continuation))
                return false
            }
            if due { continuation.resume() }
        }
    }

    /// Moves the clock on and wakes the sleepers whose deadline has come.
    func advance(by duration: Duration) {
        let woken = state.withLock { state in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        woken.forEach { $0.continuation.resume() }
    }

    /// Waits (yielding, not sleeping) until `count` tasks sleep on the clock, or gives up after many
    /// yields so that a pacer that never sleeps fails the test's next expectation instead of hanging it.
    func waitForSleepers(_ count: Int) async {
        await yield(until: { self.sleeping >= count })
    }
}

/// Yields until `condition` holds, at most 100,000 times (no clock is read).
func yield(until condition: () async -> Bool) async {
    for _ in 0..<100_000 where !(await condition()) {
        await Task.yield()
    }
}
