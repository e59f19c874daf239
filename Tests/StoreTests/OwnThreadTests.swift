import Foundation
import Testing
import Store

/// ``OwnThread`` runs blocking store work beside the cooperative pool, never on it.
@Suite struct OwnThreadTests {
    @Test func whatTheBodyReturnsComesBack() async throws {
        let words = try await OwnThread.run { "keepsake store".split(separator: " ").map(String.init) }
        #expect(words == ["keepsake", "store"])
    }

    @Test func whatTheBodyThrowsIsThrownToTheCaller() async {
        struct Refusal: Error {}
        await #expect(throws: Refusal.self) { try await OwnThread.run { () throws -> Int in throw Refusal() } }
    }

    @Test(
        "more blocked bodies than the pool has threads leave it free: a task on the pool releases them",
        .timeLimit(.minutes(1)))
    func blockedBodiesLeaveTheCooperativePoolFree() async throws {
        // Each body blocks until this task, which needs a thread of the cooperative pool, has seen
        // every body waiting and releases them. Were the bodies run on the pool (as many threads as
        // cores), they would hold every thread and this test would never finish.
        let count = ProcessInfo.processInfo.activeProcessorCount + 2
        let waiting = WaitingCount()
        let gate = DispatchSemaphore(value: 0)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<count {
                group.addTask {
                    try await OwnThread.run {
                        waiting.increment()
                        gate.wait()
                        return index
                    }
                }
            }
            while waiting.value < count { await Task.yield() }
            for _ in 0..<count { gate.signal() }
            var finished: Set<Int> = []
            for try await index in group { finished.insert(index) }
            #expect(finished == Set(0..<count))
        }
    }
}

/// How many bodies are blocked, counted under a lock.
private final class WaitingCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func increment() { lock.withLock { count += 1 } }
}
