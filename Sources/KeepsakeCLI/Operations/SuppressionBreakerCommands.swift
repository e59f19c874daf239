import ArgumentParser
import Foundation
import Store

/// `keepsake suppression confirm` and `undo`: the operator's answer to a tripped suppression
/// breaker (`daemon.suppression_breaker` hard bounces in a row with one reply).
extension SuppressionCommand {
    struct Confirm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The held suppressions are right (the addresses are bad): suppress them and resume sending.",
            discussion: """
                Each held address goes on the suppression list as a hard bounce, with the relay's \
                reply; its delivery stays failed. Sending resumes at the daemon's next tick, unless \
                another pause is in force. `keepsake status` lists what is held.
                """)
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let store = try storeOptions.open()
            guard !(try store.pendingSuppressions().isEmpty) else {
                printError("keepsake suppression confirm: no suppressions are held (the breaker has not tripped)")
                throw ExitCode(1)
            }
            let count = try store.confirmPendingSuppressions(recordedBy: recordedBy("suppression confirm"))
            print("\(count) held addresses suppressed (hard bounce)")
            if let pause = try store.sendingPause() {
                print("sending is still paused (\(pause.cause.rawValue)): \(pause.reason)")
            } else {
                print("sending resumes at the daemon's next tick")
            }
        }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The held suppressions are wrong (the relay was): drop them; their deliveries wait again.",
            discussion: """
                Nobody held is suppressed. Each held delivery goes back to waiting, as if the refused \
                attempt had not been made, and goes out within its grace once sending resumes. \
                Sending stays paused (an operator's pause): fix the relay whose replies tripped the \
                breaker, then run keepsake resume.
                """)
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let store = try storeOptions.open()
            let held = try store.pendingSuppressions()
            guard !held.isEmpty else {
                printError("keepsake suppression undo: no suppressions are held (the breaker has not tripped)")
                throw ExitCode(1)
            }
            let now = Date()
            let pause = SendingPause(
                cause: .operator,
                reason: "held suppressions undone (\(recordedBy("suppression undo"))): fix the relay whose replies "
                    + "tripped the suppression breaker, then run keepsake resume",
                since: now)
            let waiting = try store.undoPendingSuppressions(now: now, pause: pause)
            print("\(held.count) held suppressions dropped; \(waiting.count) deliveries wait again")
            print("sending stays paused: fix the relay, then run keepsake resume")
        }
    }
}

/// The held suppressions, for `keepsake status`.
enum PendingSuppressionText {
    /// How many rows `status` lists.
    static let listed = 20

    /// The section, or nil when none are held.
    static func section(_ held: [PendingSuppression]) -> String? {
        guard !held.isEmpty else { return nil }
        let rows = held.prefix(listed).map { entry in
            [String(entry.deliveryID), entry.email ?? "(forgotten)", entry.heldAt.ISO8601Format(), entry.reply ?? entry.pattern]
        }
        return "held suppressions: \(held.count)\(held.count > listed ? " (first \(listed))" : "")"
            + " — keepsake suppression confirm (the addresses are bad) or undo (the relay was wrong)\n"
            + TextTable.render(header: ["delivery", "email", "held since", "reply"], rows: rows)
    }
}
