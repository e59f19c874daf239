/// Transfers in flight per recipient domain, with the permits waiting for one to end.
struct DomainSlots: Sendable {
    /// The most transfers per domain, or nil for no limit.
    let limit: Int?
    private(set) var inFlight: [String: Int] = [:]
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(limit: Int?) {
        self.limit = limit
    }

    /// Takes a slot for `domain` if one is free.
    mutating func tryAcquire(_ domain: String) -> Bool {
        let current = inFlight[domain, default: 0]
        if let limit, current >= limit { return false }
        inFlight[domain] = current + 1
        return true
    }

    /// Queues a permit that waits for `domain`'s next free slot.
    mutating func wait(for domain: String, _ continuation: CheckedContinuation<Void, Never>) {
        waiters[domain, default: []].append(continuation)
    }

    /// Ends one transfer to `domain`. Returns the waiting permit the slot passes to, if any.
    mutating func release(_ domain: String) -> CheckedContinuation<Void, Never>? {
        if var queue = waiters[domain], !queue.isEmpty {
            let next = queue.removeFirst()
            waiters[domain] = queue.isEmpty ? nil : queue
            return next
        }
        let current = inFlight[domain, default: 0]
        inFlight[domain] = current > 1 ? current - 1 : nil
        return nil
    }

    /// Permits waiting for a slot of `domain`.
    func waiting(for domain: String) -> Int {
        waiters[domain]?.count ?? 0
    }
}
