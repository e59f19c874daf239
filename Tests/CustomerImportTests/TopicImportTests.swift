import Foundation
import Mail
import Store
import Testing
@testable import CustomerImport

/// The `topics_left` column: topic consent from a customer file, as consent-ledger events.
@Suite("Customer import: topics left")
struct TopicImportTests {
    private static let topics = ["birthdays", "holidays", "offers", "feedback"]
    private static let header = customerHeader + ",topics_left"

    /// The topic events of `email`, as (topic, status) in ledger order.
    private static func topicEvents(_ store: KeepsakeStore, _ email: String) throws -> [String] {
        try store.consentLog(email: EmailAddress(email)).compactMap { event in
            guard case .topic(let topic) = event.preference else { return nil }
            return "\(topic) \(event.status.rawValue)"
        }
    }

    @Test func eachTopicLeftIsOneLedgerEventAndARepeatedImportWritesNothing() throws {
        let fixture = try ImportFixture()
        let path = try fixture.write("""
            \(Self.header)
            c1,sara@example.com,Sara,K,en,UTC,GB,gregorian,,,,0,0,GBP,,opted_in,2026-01-05T10:00:00Z,newsletter form,offers; holidays
            c2,ali@example.com,Ali,R,en,UTC,GB,gregorian,,,,0,0,GBP,,opted_in,2026-01-05T10:00:00Z,newsletter form,

            """, to: "customers.csv")
        let first = try fixture.importCustomers(path, topics: Self.topics)
        #expect(first.problems.isEmpty, "\(first.problems)")
        #expect((first.consentRecorded, first.topicChoicesRecorded) == (2, 2))
        #expect(try Self.topicEvents(fixture.store, "sara@example.com") == ["holidays opted_out", "offers opted_out"])
        // An empty field keeps every topic; a topic never left needs no event.
        #expect(try Self.topicEvents(fixture.store, "ali@example.com").isEmpty)
        let sara = try fixture.store.consentLog(email: EmailAddress("sara@example.com"))
        #expect(sara.allSatisfy { $0.reference == "import customers.csv:2" && $0.source == "newsletter form" })

        let ledger = try fixture.store.consentLog(email: nil)
        let again = try fixture.importCustomers(path, topics: Self.topics)
        #expect((again.consentRecorded, again.topicChoicesRecorded) == (0, 0))
        #expect(try fixture.store.consentLog(email: nil) == ledger)
        guard case .intact(_, let count) = try fixture.store.verifyConsentLedger() else {
            Issue.record("the consent ledger does not verify"); return
        }
        #expect(count == 4)
    }

    @Test func aLaterRowKeepingATopicAgainWritesOneEvent() throws {
        let fixture = try ImportFixture()
        let first = try fixture.write("""
            \(Self.header)
            c1,sara@example.com,Sara,K,en,UTC,GB,gregorian,,,,0,0,GBP,,opted_in,2026-01-05T10:00:00Z,newsletter form,offers;holidays

            """, to: "january.csv")
        let second = try fixture.write("""
            \(Self.header)
            c1,sara@example.com,Sara,K,en,UTC,GB,gregorian,,,,0,0,GBP,,opted_in,2026-02-05T10:00:00Z,account page,offers

            """, to: "february.csv")
        _ = try fixture.importCustomers(first, topics: Self.topics)
        let report = try fixture.importCustomers(second, topics: Self.topics)
        #expect((report.consentUnchanged, report.topicChoicesRecorded) == (1, 1))
        #expect(try Self.topicEvents(fixture.store, "sara@example.com")
            == ["holidays opted_out", "offers opted_out", "holidays opted_in"])
        // The older file again: the ledger knows something newer about holidays.
        #expect(try fixture.importCustomers(first, topics: Self.topics).topicChoicesRecorded == 0)
    }

    @Test func anUnknownTopicRefusesTheWholeFileNamingRowAndColumn() throws {
        let fixture = try ImportFixture()
        let path = try fixture.write("""
            \(Self.header)
            c1,sara@example.com,Sara,K,en,UTC,GB,gregorian,,,,0,0,GBP,,opted_in,2026-01-05T10:00:00Z,newsletter form,offers
            c2,ali@example.com,Ali,R,en,UTC,GB,gregorian,,,,0,0,GBP,,opted_in,2026-01-05T10:00:00Z,newsletter form,ofers;news

            """, to: "customers.csv")
        let report = try fixture.importCustomers(path, topics: Self.topics)
        #expect(report.refused && !report.committed)
        #expect(report.problems.map(\.description) == [
            "customers.csv:3: topics_left: unknown topic \"ofers\" (did you mean offers?); the calendar's topics are "
                + "birthdays, holidays, offers, feedback",
            "customers.csv:3: topics_left: unknown topic \"news\"; the calendar's topics are "
                + "birthdays, holidays, offers, feedback",
        ])
        #expect(try fixture.store.customerCount() == 0)
        #expect(try fixture.store.consentLog(email: nil).isEmpty)
    }

    @Test func aFieldOfManyUnknownTopicsNamesTheFirstFiveAndCountsTheRest() throws {
        let fixture = try ImportFixture()
        let field = (1...10_000).map { "t\($0)" }.joined(separator: ";")
        let path = try fixture.write("""
            \(Self.header)
            c1,sara@example.com,Sara,K,en,UTC,GB,gregorian,,,,0,0,GBP,,opted_in,2026-01-05T10:00:00Z,newsletter form,\(field)

            """, to: "customers.csv")
        let report = try fixture.importCustomers(path, topics: Self.topics)
        #expect(report.refused)
        #expect(report.problems.count == 6)
        #expect(report.problems.first?.description.hasPrefix("customers.csv:2: topics_left: unknown topic \"t1\"") == true)
        #expect(report.problems.last?.description == "customers.csv:2: topics_left: 9995 more unknown topics; "
            + "the calendar's topics are birthdays, holidays, offers, feedback")
    }

    @Test func topicsLeftWithoutTheRowsConsentIsAProblem() throws {
        let fixture = try ImportFixture()
        let path = try fixture.write("""
            \(Self.header)
            c1,sara@example.com,Sara,K,en,UTC,GB,gregorian,,,,0,0,GBP,,,,,offers

            """, to: "customers.csv")
        let report = try fixture.importCustomers(path, topics: Self.topics)
        #expect(report.refused)
        #expect(report.problems.map(\.description) == [
            "customers.csv:2: topics_left: topics left need the row's consent, consent_at and consent_source "
                + "(when and how the person chose); fill them, or empty this field",
        ])
    }

    @Test func aTopicsColumnWithoutACalendarRefusesTheFileAtItsHeader() throws {
        let fixture = try ImportFixture()
        let path = try fixture.write("""
            \(Self.header)
            c1,sara@example.com,Sara,K,en,UTC,GB,gregorian,,,,0,0,GBP,,opted_in,2026-01-05T10:00:00Z,newsletter form,offers

            """, to: "customers.csv")
        let report = try fixture.importCustomers(path, topics: nil)
        #expect(report.refused)
        #expect(report.problems.map(\.description).first?.hasPrefix(
            "customers.csv:1: topics_left: the topics in this column cannot be checked") == true)
        #expect(try fixture.store.customerCount() == 0)
    }
}
