import Foundation
import Logging

/// An IMAP mailbox for async code: one ``IMAPConnection`` owned by a dedicated OS thread, since
/// libcurl's calls block and Swift's cooperative pool has one thread per core. Each call waits in
/// a queue, runs on that thread, and resumes the caller with its result.
public final class IMAPClient: Sendable {
    public let configuration: IMAPConfiguration
    private let queue = IMAPCommandQueue()
    private let logger: Logger

    /// Starts the thread; the connection opens on the first call.
    public init(configuration: IMAPConfiguration, logger: Logger = Logger(label: "keepsake.imap")) throws(IMAPError) {
        // Fail early, on the caller's thread, if libcurl refuses the configuration.
        _ = try IMAPCurlHandle(configuration)
        self.configuration = configuration
        self.logger = logger
        let thread = Thread { [queue, configuration, logger] in
            Self.serve(queue: queue, configuration: configuration, logger: logger)
        }
        thread.name = "keepsake-imap"
        thread.start()
    }

    /// The folder's UIDVALIDITY and the UIDs of its oldest messages, at most `limit`.
    public func waiting(in folder: IMAPFolderName, limit: Int) async throws(IMAPError) -> (uidValidity: UInt32, uids: [UInt32]) {
        try await run { connection throws(IMAPError) in try connection.waiting(in: folder, limit: limit) }
    }

    /// The message's size as the server reports it.
    public func size(of uid: UInt32, in folder: IMAPFolderName, uidValidity: UInt32) async throws(IMAPError) -> Int {
        try await run { connection throws(IMAPError) in try connection.size(of: uid, in: folder, uidValidity: uidValidity) }
    }

    /// The whole message, refused unread when over the configured size limit.
    public func fetch(_ uid: UInt32, in folder: IMAPFolderName, uidValidity: UInt32) async throws(IMAPError) -> [UInt8] {
        try await run { connection throws(IMAPError) in try connection.fetch(uid, in: folder, uidValidity: uidValidity) }
    }

    /// Moves the message to `target` (UID MOVE, or COPY + `\Deleted` + EXPUNGE).
    public func move(_ uid: UInt32, in folder: IMAPFolderName, uidValidity: UInt32, to target: IMAPFolderName) async throws(IMAPError) {
        try await run { connection throws(IMAPError) in try connection.move(uid, in: folder, uidValidity: uidValidity, to: target) }
    }

    /// Creates `folder` unless it exists.
    public func createIfMissing(_ folder: IMAPFolderName) async throws(IMAPError) {
        try await run { connection throws(IMAPError) in try connection.createIfMissing(folder) }
    }

    /// Stops taking commands, finishes the queued ones, logs out, and returns when the thread has ended.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.close { continuation.resume() }
        }
    }

    private func run<Value: Sendable>(_ body: @escaping @Sendable (IMAPConnection) throws(IMAPError) -> Value) async throws(IMAPError) -> Value {
        let result: Result<Value, IMAPError> = await withCheckedContinuation { continuation in
            let accepted = queue.put { connection in
                do throws(IMAPError) { continuation.resume(returning: .success(try body(try connection.get()))) }
                catch { continuation.resume(returning: .failure(error)) }
            }
            if !accepted {
                continuation.resume(returning: .failure(IMAPError(.shutDown, "the IMAP client is shut down; nothing was done")))
            }
        }
        return try result.get()
    }

    private static func serve(queue: IMAPCommandQueue, configuration: IMAPConfiguration, logger: Logger) {
        var connection: IMAPConnection?
        while let command = queue.take() {
            if connection == nil {
                do throws(IMAPError) { connection = try IMAPConnection(configuration: configuration) }
                catch {
                    logger.error("imap handle", metadata: ["server": "\(configuration.serverURL)", "error": "\(error.message)"])
                    command(.failure(error))
                    continue
                }
            }
            guard let connection else { continue }
            command(.success(connection))
        }
        // Dropping the connection runs curl_easy_cleanup, which logs out.
        connection = nil
        queue.finished()
    }
}

/// Commands waiting for the client's thread. `take()` blocks that OS thread (never a Swift
/// concurrency thread) until a command arrives or the queue is closed.
final class IMAPCommandQueue: @unchecked Sendable {
    typealias Command = @Sendable (Result<IMAPConnection, IMAPError>) -> Void
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var commands: [Command] = []
    private var closed = false
    private var ended = false
    private var onEnd: [@Sendable () -> Void] = []

    func put(_ command: @escaping Command) -> Bool {
        condition.withLock {
            guard !closed else { return false }
            commands.append(command)
            condition.signal()
            return true
        }
    }

    func take() -> Command? {
        condition.withLock {
            while commands.isEmpty && !closed { condition.wait() }
            return commands.isEmpty ? nil : commands.removeFirst()
        }
    }

    /// Refuses new commands; `whenEnded` runs once the thread has finished the queued ones.
    func close(whenEnded: @escaping @Sendable () -> Void) {
        let runNow: Bool = condition.withLock {
            closed = true
            condition.broadcast()
            if ended { return true }
            onEnd.append(whenEnded)
            return false
        }
        if runNow { whenEnded() }
    }

    func finished() {
        let waiting = condition.withLock {
            ended = true
            defer { onEnd = [] }
            return onEnd
        }
        waiting.forEach { $0() }
    }
}
