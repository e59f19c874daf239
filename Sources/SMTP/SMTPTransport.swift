import Foundation
import Logging

/// Sends messages to the relay over a fixed number of long-lived SMTP connections, each owned
/// by a dedicated OS thread.
///
/// libcurl's SMTP transfers block (its multi interface gives no SMTP parallelism in 7.88), and
/// Swift's cooperative pool has one thread per core, so blocking calls never run there: callers
/// `await` ``send(_:envelope:)``, the job waits in a queue, and one of the sender threads performs
/// it on its own connection and resumes the caller with the ``SMTPOutcome``.
public final class SMTPTransport: Sendable {
    /// The relay settings every connection uses.
    public let configuration: SMTPConfiguration
    /// How many connections (and threads) the transport keeps.
    public let connectionCount: Int
    private let queue = DeliveryQueue()
    private let threadsRunning: ThreadCounter
    private let logger: Logger

    /// Starts `connections` sender threads. Connections open lazily, on each thread's first message.
    public init(configuration: SMTPConfiguration, connections: Int = 1, logger: Logger = Logger(label: "keepsake.smtp")) throws(SMTPTransportError) {
        _ = CurlGlobal.initialized
        // Fail early, on the caller's thread, if libcurl refuses the configuration.
        _ = try SMTPConnection(configuration: configuration)
        self.configuration = configuration
        self.connectionCount = max(1, connections)
        self.logger = logger
        self.threadsRunning = ThreadCounter(count: max(1, connections))
        for index in 0..<connectionCount {
            let thread = Thread { [queue, threadsRunning, logger] in
                Self.runSender(index: index, configuration: configuration, queue: queue, logger: logger)
                threadsRunning.finished()
            }
            thread.name = "keepsake-smtp-\(index)"
            thread.start()
        }
    }

    /// Sends one message to one recipient and returns what became of it.
    ///
    /// Never throws: every failure is an outcome. After ``shutdown()`` the outcome is a transient
    /// failure at the connect stage, so that the caller keeps the delivery for later.
    public func send(_ message: [UInt8], envelope: SMTPEnvelope) async -> SMTPOutcome {
        await withCheckedContinuation { continuation in
            let job = DeliveryJob(message: message, envelope: envelope, continuation: continuation)
            if !queue.put(job) {
                continuation.resume(returning: SMTPOutcome(
                    verdict: .transient, stage: .connect, reply: nil, curlCode: -1,
                    detail: "the SMTP transport is shutting down; nothing was sent"
                ))
            }
        }
    }

    /// Messages waiting for a free connection.
    public var queueDepth: Int { queue.depth }

    /// Stops taking messages, lets the threads finish what is queued, closes the connections
    /// (QUIT), and returns when every thread has ended.
    public func shutdown() async {
        queue.close()
        await threadsRunning.waitUntilAllFinished()
    }

    private static func runSender(index: Int, configuration: SMTPConfiguration, queue: DeliveryQueue, logger: Logger) {
        var connection: SMTPConnection?
        while let job = queue.take() {
            if connection == nil {
                do {
                    connection = try SMTPConnection(configuration: configuration)
                } catch {
                    job.continuation.resume(returning: SMTPOutcome(verdict: .transient, stage: .connect, reply: nil, curlCode: -1, detail: error.message))
                    continue
                }
            }
            guard let connection else { continue }
            let started = ContinuousClock.now
            let outcome = connection.send(job.message, envelope: job.envelope)
            SMTPMetrics.record(outcome, duration: started.duration(to: .now))
            logger.debug("smtp transfer", metadata: [
                "connection": "\(index)", "recipient": "\(job.envelope.recipient)",
                "outcome": "\(outcome.verdict.rawValue)", "stage": "\(outcome.stage)",
                "reply": "\(outcome.reply?.line ?? outcome.detail)",
            ])
            job.continuation.resume(returning: outcome)
        }
        // Dropping the connection runs curl_easy_cleanup, which sends QUIT.
        connection = nil
    }
}

/// Counts running sender threads and wakes a waiter when the last one ends.
final class ThreadCounter: @unchecked Sendable {
    private let condition = NSCondition()
    private var running: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { running = count }

    func finished() {
        condition.lock()
        running -= 1
        let toResume = running == 0 ? waiters : []
        if running == 0 { waiters = [] }
        condition.unlock()
        toResume.forEach { $0.resume() }
    }

    func waitUntilAllFinished() async {
        await withCheckedContinuation { continuation in
            condition.lock()
            if running == 0 {
                condition.unlock()
                continuation.resume()
            } else {
                waiters.append(continuation)
                condition.unlock()
            }
        }
    }
}
