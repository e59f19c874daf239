import Foundation

/// A guard on the suppression list for what ``PermanentFailureRule`` did not foresee: a relay
/// that refuses every recipient with the same reply (a wrong relay domain table, a broken
/// recipient check) would otherwise suppress the whole audience, one customer at a time.
///
/// When ``limit`` suppressing failures in a row carry the same reply once the addresses are taken
/// out of it (``pattern(of:)``), the breaker trips: those suppressions — and any that arrive while
/// it is tripped — are held for the operator (`keepsake suppression confirm` or `undo`) and all
/// sending pauses until then. A message the relay accepts, or a suppressing failure with another
/// reply, ends the row; other outcomes (a deferral, a failure that suppresses nobody) neither end
/// nor extend it.
public struct SuppressionBreaker: Sendable, Hashable {
    /// How many suppressing failures in a row with one reply trip it (`daemon.suppression_breaker`).
    public var limit: Int

    /// The default limit: 20 failures in a row.
    public static let standardLimit = 20
    /// The limits an operator may set: a row longer than 1,000 is kept nowhere.
    public static let limits = 1...1_000
    /// The breaker with the default limit.
    public static let standard = SuppressionBreaker(limit: standardLimit)

    /// A breaker tripping after `limit` failures in a row (clamped to ``limits``).
    public init(limit: Int) {
        self.limit = min(max(limit, Self.limits.lowerBound), Self.limits.upperBound)
    }

    /// The longest pattern kept: replies longer than this are compared by their beginning.
    static let patternLength = 300

    /// The reply with what differs from one recipient to the next taken out: text in angle
    /// brackets and words holding an `@` become `<address>`, words holding a digit after the
    /// reply code and enhanced status (queue ids, message ids) become `#`, spaces are collapsed
    /// and letters lower-cased.
    ///
    /// `550 5.1.1 <sara@example.com>: Recipient address rejected: User unknown (id 4Fx2k9)` →
    /// `550 5.1.1 <address>: recipient address rejected: user unknown (id #)`.
    public static func pattern(of reply: String) -> String {
        var text = ""
        var insideBrackets = false
        for character in reply.prefix(4 * patternLength) {
            if insideBrackets {
                if character == ">" { insideBrackets = false }
            } else if character == "<" {
                insideBrackets = true
                text += "<address>"
            } else {
                text.append(character)
            }
        }
        let words = text.split(whereSeparator: \.isWhitespace).enumerated().map { index, word -> String in
            if word.contains("@") { return "<address>" }
            if index >= 2, word.contains(where: \.isNumber) { return "#" }
            return word.lowercased()
        }
        return String(words.joined(separator: " ").prefix(patternLength))
    }
}

/// What recording a suppressing failure did.
public enum SuppressionEffect: Hashable, Sendable {
    /// The address is on the suppression list.
    case suppressed
    /// The breaker is tripped: the suppression waits for the operator.
    case held
    /// This failure tripped the breaker: `count` suppressions, all with the reply `pattern`, now
    /// wait for the operator, and sending is paused.
    case tripped(count: Int, pattern: String)
}

/// One suppression held by the tripped breaker until `keepsake suppression confirm` or `undo`.
public struct PendingSuppression: Hashable, Sendable {
    /// The delivery that failed.
    public var deliveryID: Int64
    /// Its recipient (nil once the customer was forgotten).
    public var email: String?
    /// The relay's reply to it.
    public var reply: String?
    /// The reply without its addresses, the same for every pending suppression of one row.
    public var pattern: String
    /// When the failure was held.
    public var heldAt: Date
}

/// The current row of suppressing failures with one reply pattern (service state
/// `suppression_streak`).
struct SuppressionStreak: Codable, Hashable {
    var pattern: String
    var deliveries: [Int64]
}
