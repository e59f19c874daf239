import Calendars
import Foundation
import Mail

/// What a person chose in the preference centre: the topics to keep, a pause, how often, or
/// leaving everything.
public struct PreferenceChoices: Hashable, Sendable {
    /// The topics the person keeps; every other topic of ``topics`` is left.
    public var topicsKept: Set<String>
    /// The calendar's topics, as the page listed them.
    public var topics: [String]
    /// Pause all mail for this many days from the choice, when chosen (1 to ``ConsentPreference/longestPauseDays``).
    public var pauseDays: Int?
    /// How often the person wants mail.
    public var frequency: MailFrequency
    /// Withdraw consent altogether (as the one-click unsubscribe does); the other choices are ignored.
    public var leaveEverything: Bool

    /// Creates choices.
    public init(
        topicsKept: Set<String>, topics: [String], pauseDays: Int? = nil, frequency: MailFrequency = .any,
        leaveEverything: Bool = false
    ) {
        self.topicsKept = topicsKept
        self.topics = topics
        self.pauseDays = pauseDays
        self.frequency = frequency
        self.leaveEverything = leaveEverything
    }
}

/// What recording preference-centre choices did.
public enum PreferenceOutcome: Hashable, Sendable {
    /// The consent-ledger events written, by sequence; empty when every choice repeated the ledger.
    case recorded(email: String, events: [Int64])
    /// The customer is not in the store (deleted or forgotten): nothing written.
    case unknownCustomer
}

extension KeepsakeStore {
    /// The source of every preference-centre event in the consent ledger.
    public static let preferenceCentreSource = "preference centre"

    /// Records the preference-centre choices of customer `customerID` as consent-ledger events with
    /// source ``preferenceCentreSource``, in one transaction: one event per topic whose consent
    /// changes, one for a pause (until the UTC date of `occurredAt` plus the days), one for a
    /// changed frequency, or a single withdrawal of consent for ``PreferenceChoices/leaveEverything``.
    /// A choice the ledger already holds writes nothing.
    ///
    /// - Throws: `invalidArgument` for a pause of less than 1 or more than
    ///   ``ConsentPreference/longestPauseDays`` days, or a topic id that cannot be one.
    public func recordPreferences(
        customerID: String, _ choices: PreferenceChoices, ip: String?, reference: String, occurredAt: Date,
        recordedBy: String
    ) throws -> PreferenceOutcome {
        if let days = choices.pauseDays, !(1...ConsentPreference.longestPauseDays).contains(days) {
            throw StoreError(
                .invalidArgument,
                "a pause of \(days) days cannot be recorded; pause mail for 1 to \(ConsentPreference.longestPauseDays) days")
        }
        for topic in choices.topics + choices.topicsKept where !ConsentPreference.isTopic(topic) {
            throw StoreError(
                .invalidArgument,
                "\"\(topic)\" cannot be a topic; topics are 1 to \(ConsentPreference.longestTopic) lower-case letters, digits, - or _")
        }
        return try importSession(commit: true, recordedBy: recordedBy) { session in
            guard let stored = try session.connection.value(String.self, sql: "SELECT email FROM customers WHERE id = ?", arguments: [customerID]),
                let email = try? EmailAddress(stored)
            else { return .unknownCustomer }
            var events: [Int64] = []
            func observe(_ status: ConsentStatus, _ preference: ConsentPreference?) throws {
                let observation = ConsentObservation(
                    status: status, occurredAt: occurredAt, source: Self.preferenceCentreSource, ip: ip,
                    reference: reference, preference: preference)
                let outcome = try session.observeConsent(observation, email: email, customerID: customerID)
                if case .recorded = outcome, let head = session.context.chainHead { events.append(head.sequence) }
            }
            if choices.leaveEverything {
                let outcome = try session.withdrawConsent(
                    email: email, customerID: customerID, source: Self.preferenceCentreSource, ip: ip,
                    reference: reference, occurredAt: occurredAt)
                if case .refusedForgotten = outcome { return .unknownCustomer }
                if case .recorded = outcome, let head = session.context.chainHead { events.append(head.sequence) }
                return .recorded(email: stored, events: events)
            }
            for topic in choices.topics {
                try observe(choices.topicsKept.contains(topic) ? .optedIn : .optedOut, .topic(topic))
            }
            if let days = choices.pauseDays {
                let until = LocalDate(occurredAt, in: TimeZone(identifier: "UTC")!).adding(days: days)
                try observe(.optedIn, .pause(until: until))
            }
            try observe(.optedIn, .frequency(choices.frequency))
            return .recorded(email: stored, events: events)
        }
    }
}
