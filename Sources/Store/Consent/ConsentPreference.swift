import Calendars
import Foundation

/// What a consent event is about besides the address's consent to marketing as a whole: one
/// topic of the calendar, a pause, or how often the person wants mail. An event without one is
/// the address's consent itself (and keeps the ledger's first encoding).
///
/// Stored in `consent_events.preference` as text: `topic offers`, `pause until 2026-05-01`,
/// `frequency monthly`.
public enum ConsentPreference: Hashable, Sendable, CustomStringConvertible {
    /// Consent to one topic of the calendar (`offers`); the event's status says given or withdrawn.
    case topic(String)
    /// All mail paused: nothing is sent before this local date (mail may go again on it).
    case pause(until: LocalDate)
    /// How often the person wants marketing mail.
    case frequency(MailFrequency)

    /// The longest pause the store records, in days.
    public static let longestPauseDays = 365
    /// The longest topic id, in characters.
    public static let longestTopic = 40

    /// The text stored in the `preference` column.
    public var description: String {
        switch self {
        case .topic(let topic): "topic \(topic)"
        case .pause(let until): "pause until \(until)"
        case .frequency(let frequency): "frequency \(frequency.rawValue)"
        }
    }

    /// The part of the stored text a later event of the same kind shares: `topic offers`, `pause`,
    /// `frequency` (a later event replaces an earlier one with the same kind).
    var kind: String {
        switch self {
        case .topic: description
        case .pause: "pause"
        case .frequency: "frequency"
        }
    }

    /// The preference stored as `text`; nil for text no version of Keepsake writes.
    public init?(storedText text: String) {
        if text.hasPrefix("topic "), Self.isTopic(String(text.dropFirst(6))) {
            self = .topic(String(text.dropFirst(6)))
        } else if text.hasPrefix("pause until "), let date = try? LocalDate(parsing: text.dropFirst(12)) {
            self = .pause(until: date)
        } else if text.hasPrefix("frequency "), let frequency = MailFrequency(rawValue: String(text.dropFirst(10))) {
            self = .frequency(frequency)
        } else {
            return nil
        }
    }

    /// Whether `text` can name a topic: 1 to ``longestTopic`` lower-case letters, digits, `-` or `_`.
    public static func isTopic(_ text: String) -> Bool {
        (1...longestTopic).contains(text.count)
            && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}

/// How often a person wants marketing mail (the preference centre's "at most one mail a month").
public enum MailFrequency: String, Hashable, Sendable, CaseIterable {
    /// As often as the calendar's caps allow (the default).
    case any
    /// At most one marketing mail in 30 days.
    case monthly
}

/// The planner's view of one address's consent: its status, and the preferences that narrow it.
public struct CustomerConsent: Hashable, Sendable {
    /// The status of the address's latest event without a preference.
    public var status: ConsentStatus
    /// The topics the person left (a topic without an event is kept).
    public var topicsLeft: Set<String> = []
    /// No mail before this local date, when the person paused their mail.
    public var pausedUntil: LocalDate?
    /// How often the person wants mail; the caps read it.
    public var frequency: MailFrequency = .any

    /// Creates a view.
    public init(status: ConsentStatus, topicsLeft: Set<String> = [], pausedUntil: LocalDate? = nil, frequency: MailFrequency = .any) {
        self.status = status
        self.topicsLeft = topicsLeft
        self.pausedUntil = pausedUntil
        self.frequency = frequency
    }

    /// Folds in one preference event (ledger order: a later event replaces an earlier one).
    mutating func apply(_ preference: ConsentPreference, status eventStatus: ConsentStatus) {
        switch preference {
        case .topic(let topic):
            if eventStatus == .optedOut { topicsLeft.insert(topic) } else { topicsLeft.remove(topic) }
        case .pause(let until): pausedUntil = until
        case .frequency(let value): frequency = value
        }
    }

    /// Whether a mail of `topic` (nil: a campaign without one) due on `day` may go: opted in, the
    /// topic kept, and no pause covering the day.
    public func allows(topic: String?, on day: LocalDate) -> Bool {
        status == .optedIn && !(topic.map(topicsLeft.contains) ?? false) && !(pausedUntil.map { day < $0 } ?? false)
    }
}

extension ConsentPreference: Codable {
    /// Decodes the stored text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let preference = ConsentPreference(storedText: text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "not a consent preference: \(text)"))
        }
        self = preference
    }

    /// Encodes the stored text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
