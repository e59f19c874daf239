import Calendars
import Foundation
import Inbound
import KeepsakeDaemon
import Mail
import Scheduler
import Store

/// A real store in a temporary folder with customers who consented and one sent delivery each,
/// the envelope sender that signed their VERP addresses, and a processor over both.
final class InboundFixture {
    let directory: URL
    let store: KeepsakeStore
    let sender: EnvelopeSender
    let processor: InboundProcessor
    /// The sent deliveries, by customer id.
    private(set) var deliveries: [String: LedgerDelivery] = [:]

    static let sentAt = Date(timeIntervalSince1970: 1_774_083_600)  // 2026-03-21T09:00:00Z

    init(customers: [String] = ["sara", "reza", "mina"], settings: InboundSettings = InboundSettings(), secret: UInt8 = 7) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-inbound-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try KeepsakeStore(path: directory.appendingPathComponent("keepsake.sqlite").path)
        sender = try EnvelopeSender(base: EmailAddress("bounces@shop.example"), tokens: LinkTokens(secret: Array(repeating: secret, count: 32)))
        processor = InboundProcessor(
            recogniser: InboundRecogniser(bounceAddress: "bounces@shop.example", unsubscribeAddress: "unsubscribe@shop.example"),
            store: store, signatures: sender, settings: settings)
        try store.importSession(commit: true, recordedBy: "test") { session in
            for id in customers {
                let email = try EmailAddress("\(id)@example.org")
                _ = try session.upsert(CustomerRecord(id: id, email: email))
                _ = try session.observeConsent(
                    ConsentObservation(status: .optedIn, occurredAt: Self.sentAt.addingTimeInterval(-86_400), source: "checkout checkbox"),
                    email: email, customerID: id)
            }
        }
        for id in customers { try send(id, campaign: "nowruz") }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Records, claims and marks sent one delivery of `campaign` to customer `id`.
    @discardableResult
    func send(_ id: String, campaign: String, day: String = "2026-03-21", claim: Bool = true) throws -> LedgerDelivery {
        let date = try LocalDate(parsing: day)
        let planned = LedgerDelivery(
            campaignID: campaign, customerID: id, occurrenceDate: date, day: date, email: "\(id)@example.org",
            segment: "everyone", template: campaign, locale: "en", timeZone: TimeZone(identifier: "UTC")!, years: nil, sendAt: Self.sentAt,
            expiresAt: Self.sentAt.addingTimeInterval(36_000), messageID: "<ks.\(campaign).\(id)@shop.example>", plannedAt: Self.sentAt)
        let recorded = try store.recordDue([planned])
        let row = try require(recorded.first, "recorded delivery")
        guard claim else { return row }
        _ = try store.claim(row.id, now: Self.sentAt)
        try store.recordOutcome(row.id, .sent(reply: "250 2.0.0 Ok: queued as 4Fx2", stage: "end of data"), now: Self.sentAt)
        let sent = try require(try store.delivery(id: row.id), "sent delivery")
        if campaign == "nowruz" { deliveries[id] = sent }
        return sent
    }

    func delivery(_ id: String) -> LedgerDelivery { deliveries[id]! }

    func verp(_ id: String) -> String { sender.address(for: delivery(id)) }

    func process(_ text: String, key: String = "message", now: Date = InboundFixture.sentAt.addingTimeInterval(3_600)) throws -> InboundResult {
        try processor.process(InboundItem(key: key, bytes: Array(text.utf8)), source: "test", now: now)
    }
}

/// `#require` outside a test function.
func require<Value>(_ value: Value?, _ what: String = "value") throws -> Value {
    guard let value else { throw FixtureError(message: "no \(what)") }
    return value
}

struct FixtureError: Error {
    var message: String
}
