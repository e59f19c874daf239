import Foundation

/// Blocking work (the store's synchronous reads and writes: a day's plan, a report, a scrape of
/// `/metrics`) run on a thread of its own, so that it never holds one of the cooperative pool's
/// threads — two on two cores — for the milliseconds or seconds it takes.
///
/// ```swift
/// let counts = try await OwnThread.run { try store.waitingDeliveryCounts() }
/// ```
public enum OwnThread {
    /// Runs `body` on a new thread and resumes with what it returns or throws.
    public static func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = "keepsake-store"
            thread.start()
        }
    }
}
