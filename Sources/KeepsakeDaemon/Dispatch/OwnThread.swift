import Foundation

/// Blocking work (the planner's synchronous store reads and writes) run on a thread of its own,
/// so that it never holds one of the cooperative pool's threads — two on two cores — for the
/// seconds a day's plan can take.
enum OwnThread {
    /// Runs `body` on a new thread and resumes with what it returns or throws.
    static func run<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = "keepsake-planning"
            thread.start()
        }
    }
}
