import Calendars
import Foundation
import Inbound
import KeepsakeTestSupport
import Store
import Testing

/// The bounce and complaint rates per campaign and the automatic campaign pause, with a real
/// store file and real returned mail through the processing path: complaints (ARF) and bounces
/// (DSNs) tied to thousands of sent deliveries.
@Suite("Campaign rates and pauses")
struct CampaignPauseTests {
    static let now = InboundFixture.sentAt.addingTimeInterval(3_600)

    @Test("a complaint rate just under 0.3 % does not pause; at 0.3 % it does; under 1,000 deliveries nothing pauses; other campaigns go on")
    func complaintThresholdAndMinimum() throws {
        let fixture = try InboundFixture(customers: [])
        let at = try fixture.sendMany(1_000, campaign: "birthday")
        let under = try fixture.sendMany(1_001, campaign: "nowruz", first: 10_000)
        let few = try fixture.sendMany(999, campaign: "yalda", first: 20_000)
        for deliveries in [at, under, few] {
            for delivery in deliveries.prefix(3) { try fixture.complain(about: delivery) }
        }
        let rates = Dictionary(uniqueKeysWithValues: try fixture.store.campaignRates(now: Self.now).map { ($0.campaign, $0) })
        #expect(rates["birthday"]?[.month] == DeliveryRates(deliveries: 1_000, hardBounces: 0, complaints: 3))
        #expect(rates["birthday"]?[.day] == DeliveryRates(deliveries: 1_000, hardBounces: 0, complaints: 3))
        #expect(rates["nowruz"]?[.week] == DeliveryRates(deliveries: 1_001, hardBounces: 0, complaints: 3))
        #expect(rates["yalda"]?[.month].deliveries == 999)

        let paused = try fixture.store.applyCampaignPauseRule(.standard, now: Self.now)
        #expect(paused.map(\.campaign) == ["birthday"])
        #expect(paused.first?.reason == "complaint rate 0.30 % (3 of 1,000) over 30 days ≥ 0.3 %")
        #expect(try fixture.store.campaignPauses().map(\.campaign) == ["birthday"])
        // Applying the rule again changes nothing.
        #expect(try fixture.store.applyCampaignPauseRule(.standard, now: Self.now).isEmpty)
    }

    @Test("hard bounces count both refusals at send time and permanent failures returned by mail: 5 % pauses, 4.9 % does not")
    func hardBounceThreshold() throws {
        let fixture = try InboundFixture(customers: [])
        let birthday = try fixture.sendMany(1_000, campaign: "birthday", sent: 975)
        let nowruz = try fixture.sendMany(1_000, campaign: "nowruz", first: 10_000, sent: 976)
        // 25 of each were refused at RCPT; 25 (24) of the sent ones bounce later by a DSN.
        for delivery in birthday.filter({ $0.status == .sent }).prefix(25) { try fixture.bounce(delivery) }
        for delivery in nowruz.filter({ $0.status == .sent }).prefix(25) { try fixture.bounce(delivery) }
        let rates = Dictionary(uniqueKeysWithValues: try fixture.store.campaignRates(now: Self.now).map { ($0.campaign, $0) })
        #expect(rates["birthday"]?[.month] == DeliveryRates(deliveries: 1_000, hardBounces: 50, complaints: 0))
        #expect(rates["nowruz"]?[.month] == DeliveryRates(deliveries: 1_000, hardBounces: 49, complaints: 0))
        let paused = try fixture.store.applyCampaignPauseRule(.standard, now: Self.now)
        #expect(paused.map(\.reason) == ["hard-bounce rate 5.00 % (50 of 1,000) over 30 days ≥ 5 %"])
    }

    @Test("a paused campaign's deliveries wait; resume lifts it; the complaints that paused it do not pause it again; a restart keeps the pause")
    func resumeAndRestart() throws {
        let fixture = try InboundFixture(customers: [])
        let rule = CampaignPauseRule(complaintRate: 1, hardBounceRate: 5, minimumDeliveries: 100)
        let sent = try fixture.sendMany(100, campaign: "birthday")
        for delivery in sent.prefix(2) { try fixture.complain(about: delivery) }
        let waiting = try fixture.sendMany(1, campaign: "birthday", first: 5_000, sent: 0)
        let other = try fixture.sendMany(1, campaign: "nowruz", first: 6_000, sent: 0)
        #expect(try fixture.store.applyCampaignPauseRule(rule, now: Self.now).map(\.campaign) == ["birthday"])
        let due = Self.now.addingTimeInterval(60)
        #expect(try fixture.store.waitingDeliveries(dueBy: due).map(\.id) == other.map(\.id))

        // A restart (the store opened again) keeps the pause and its reason.
        let reopened = try KeepsakeStore(path: fixture.store.path)
        #expect(try reopened.campaignPauses().map(\.reason) == ["complaint rate 2.00 % (2 of 100) over 30 days ≥ 1 %"])

        #expect(throws: StoreError.self) { try reopened.resumeCampaign("nowruz", now: due, resumedBy: "test") }
        do {
            _ = try reopened.resumeCampaign("nowruz", now: due, resumedBy: "test")
        } catch let error as StoreError {
            #expect(error.message == "the campaign nowruz is not paused (paused: birthday)")
        }
        try reopened.resumeCampaign("birthday", now: due, resumedBy: "test")
        #expect(try reopened.campaignPauses().isEmpty)
        #expect(Set(try reopened.waitingDeliveries(dueBy: due).map(\.id)) == Set((waiting + other).map(\.id)))
        // The same old complaints do not pause it again, not even with a hundred deliveries after the resume…
        #expect(try reopened.applyCampaignPauseRule(rule, now: due.addingTimeInterval(60)).isEmpty)
        let later = try fixture.sendMany(100, campaign: "birthday", first: 7_000, at: due.addingTimeInterval(120))
        #expect(try reopened.applyCampaignPauseRule(rule, now: due.addingTimeInterval(180)).isEmpty)
        // …but new complaints about deliveries after the resume do.
        try fixture.complain(about: later[0], now: due.addingTimeInterval(240))
        let again = try reopened.applyCampaignPauseRule(rule, now: due.addingTimeInterval(300))
        #expect(again.map(\.reason) == ["complaint rate 1.00 % (1 of 100) since the resume of \(due.ISO8601Format()) ≥ 1 %"])
    }

    @Test("deliveries older than the window and messages never handed to the relay do not count")
    func windowsAndWhatCounts() throws {
        let fixture = try InboundFixture(customers: [])
        let old = try fixture.sendMany(3, campaign: "birthday", at: Self.now.addingTimeInterval(-8 * 86_400))
        try fixture.complain(about: old[0])
        _ = try fixture.sendMany(2, campaign: "birthday", first: 100, at: Self.now.addingTimeInterval(-2 * 86_400))
        let composed = try fixture.sendMany(1, campaign: "birthday", first: 200, sent: 0)
        try fixture.store.recordOutcome(
            composed[0].id, .failed(reply: "could not compose the message", stage: "compose", suppress: false), now: Self.now)
        let rates = try #require(try fixture.store.campaignRates(now: Self.now).first)
        #expect(rates[.day] == DeliveryRates())
        #expect(rates[.week] == DeliveryRates(deliveries: 2))
        #expect(rates[.month] == DeliveryRates(deliveries: 5, hardBounces: 0, complaints: 1))
    }
}

extension InboundFixture {
    /// `count` deliveries of `campaign` to `c<n>@example.org` from `first`, recorded in one
    /// transaction; the first `sent` of them accepted by the relay at `at`, the rest refused at RCPT
    /// (550 5.1.1) — or, with `sent: 0` and `count` 1, left waiting.
    func sendMany(
        _ count: Int, campaign: String, first: Int = 0, sent: Int? = nil, at: Date = InboundFixture.sentAt
    ) throws -> [LedgerDelivery] {
        let day = LocalDate(at, in: TimeZone(identifier: "UTC")!)
        let planned = (first..<(first + count)).map { index in
            LedgerDelivery(
                campaignID: campaign, customerID: "c\(index)", occurrenceDate: day, day: day, email: "c\(index)@example.org",
                segment: "everyone", template: campaign, locale: "en", timeZone: TimeZone(identifier: "UTC")!, years: nil,
                sendAt: at, expiresAt: at.addingTimeInterval(86_400), messageID: "<ks.\(campaign).c\(index)@shop.example>", plannedAt: at)
        }
        let recorded = try store.recordDue(planned)
        let accepted = sent ?? count
        if accepted == 0, count == 1 { return recorded }
        return try recorded.enumerated().map { index, delivery in
            let outcome: LedgerOutcome = index < accepted
                ? .sent(reply: "250 2.0.0 Ok: queued", stage: "end of data")
                : .failed(reply: "550 5.1.1 <c@example.org>: User unknown", stage: "rcpt", suppress: false)
            try store.recordOutcome(delivery.id, outcome, now: at)
            return try require(try store.delivery(id: delivery.id))
        }
    }

    /// A feedback loop's complaint about `delivery`, through the processing path.
    func complain(about delivery: LedgerDelivery, now: Date = CampaignPauseTests.now) throws {
        let text = ReturnedMail.complaint(
            envelopeSender: sender.address(for: delivery), recipient: delivery.email ?? "", messageID: delivery.messageID)
        let result = try processor.process(InboundItem(key: "arf-\(delivery.id)", bytes: Array(text.utf8)), source: "test", now: now)
        #expect(result.kind == .feedback && result.outcome != .unverified, "\(result)")
    }

    /// A Postfix DSN saying `delivery`'s recipient is unknown, through the processing path.
    func bounce(_ delivery: LedgerDelivery) throws {
        let text = ReturnedMail.dsn(
            to: sender.address(for: delivery), messageID: delivery.messageID, recipients: [.init(address: delivery.email ?? "")])
        let result = try processor.process(InboundItem(key: "dsn-\(delivery.id)", bytes: Array(text.utf8)), source: "test", now: CampaignPauseTests.now)
        #expect(result.kind == .deliveryStatus && result.outcome != .unverified, "\(result)")
    }
}
