import Foundation

/// Everything the store holds about one person (`keepsake customers export EMAIL`, a GDPR access
/// request), ready to encode as JSON.
public struct PersonalDataExport: Hashable, Sendable, Codable {
    /// The normalized address the export is about.
    public var email: String
    /// When the export was made (`2026-03-21T09:30:00.000Z`).
    public var exportedAt: String
    /// Whether the address was erased (`forget`); then only digests and event history remain.
    public var forgotten: Bool
    /// The address's consent now; nil means no marketing email.
    public var currentConsent: ConsentStatus?
    /// What the person chose beside their consent (preference centre, imports): topics left, a
    /// pause, how often.
    public var preferences: PersonalPreferences
    /// Every row about the person, by table name (`customers`, `orders`, `consent_events`, …):
    /// each row as its column names and values, NULL columns left out.
    public var tables: [String: [[String: String]]]
}

/// A person's preferences as their consent events leave them: a later event of a kind replaces an earlier one.
public struct PersonalPreferences: Hashable, Sendable, Codable {
    /// The calendar's topics the person left, sorted (every other topic is kept).
    public var topicsLeft: [String]
    /// No mail before this local date (`2026-05-01`), when the person paused their mail.
    public var pausedUntil: String?
    /// How often the person wants marketing mail: `any` or `monthly`.
    public var frequency: String

    /// The preferences in `consent`.
    public init(_ consent: CustomerConsent) {
        topicsLeft = consent.topicsLeft.sorted()
        pausedUntil = consent.pausedUntil?.description
        frequency = consent.frequency.rawValue
    }
}

/// What `forget` removed (`keepsake customers forget EMAIL`, a GDPR erasure request).
public struct ForgetReport: Hashable, Sendable, Codable {
    /// The normalized address that was erased.
    public var email: String
    /// How many rows each table lost (deleted) or had cleared of personal values, by table name.
    public var rowsByTable: [String: Int]
    /// Whether the address had already been erased before.
    public var wasAlreadyForgotten: Bool

    /// How many customers were deleted.
    public var customersDeleted: Int { rowsByTable["customers"] ?? 0 }
    /// How many orders were deleted.
    public var ordersDeleted: Int { rowsByTable["orders"] ?? 0 }
    /// How many consent events had their plain email, IP and customer id removed.
    public var consentEventsErased: Int { rowsByTable["consent_events"] ?? 0 }
}
