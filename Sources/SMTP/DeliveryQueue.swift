import Foundation

/// One message waiting for a sender thread, with the continuation that gets its outcome.
struct DeliveryJob: Sendable {
    let message: [UInt8]
    let envelope: SMTPEnvelope
    let continuation: CheckedContinuation<SMTPOutcome, Never>
}

/// A first-in first-out queue shared by the sender threads. `take()` blocks the calling OS
/// thread (never a Swift concurrency thread) until a job arrives or the queue is closed.
final class DeliveryQueue: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [DeliveryJob] = []
    private var head = 0
    private var closed = false

    /// Adds a job. Returns false when the queue is closed (the job was not taken).
    func put(_ job: DeliveryJob) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// The next job, or nil once the queue is closed and empty.
    func take() -> DeliveryJob? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count && !closed {
            condition.wait()
        }
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        if head > 1024 && head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }

    /// Jobs waiting, not yet taken by a thread.
    var depth: Int {
        condition.lock()
        defer { condition.unlock() }
        return jobs.count - head
    }

    /// Refuses new jobs; threads finish the queued ones and then see nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
