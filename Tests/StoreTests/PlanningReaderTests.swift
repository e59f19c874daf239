import Calendars
import Foundation
import Mail
import Testing
@testable import Store

/// The planner's reads (``PlanningReader``) give the same customers, consent, RFM boundaries and
/// suppressions on both engines: every candidate filter, the decoded records field by field, and
/// a row edited by hand refused naming its column.
@Suite("The planning reader on both engines")
struct PlanningReaderTests {
    /// Five customers covering every column the reader decodes and every filter's case.
    private func records() throws -> [CustomerRecord] {
        [
            CustomerRecord(
                id: "c1", email: try EmailAddress("Sara@Shop.example"), firstName: "سارا", lastName: "Karimi", locale: "fa-IR",
                timeZone: "Asia/Tehran", country: "IR", calendar: .persian, birthday: try CalendarDate(parsing: "1370-01-01", in: .persian),
                firstOrderAt: try PointInTime(parsing: "2024-03-20T21:00:00Z"), lastOrderAt: try PointInTime(parsing: "2025-12-01T08:00:00Z"),
                ordersCount: 3, totalSpent: Decimal(string: "1234567.89")!, currency: "IRR", tags: ["vip", "early"],
                attributes: ["city": "Shiraz", "size": "M"]),
            CustomerRecord(
                id: "c2", email: try EmailAddress("reza@shop.example"), locale: "en", timeZone: "Europe/London", country: "GB",
                birthday: try CalendarDate(parsing: "1990-03-21", in: .gregorian), firstOrderAt: try PointInTime(parsing: "2023-06-10"),
                lastOrderAt: try PointInTime(parsing: "2023-06-10"), ordersCount: 1, totalSpent: Decimal(string: "19.99")!, currency: "GBP"),
            CustomerRecord(id: "c3", email: try EmailAddress("nima@shop.example"), country: "AF", calendar: .persian),
            CustomerRecord(
                id: "c4", email: try EmailAddress("lily@shop.example"), birthday: try CalendarDate(parsing: "--03-21", in: .gregorian),
                lastOrderAt: try PointInTime(parsing: "2025-12-02T23:30:00Z"), ordersCount: 7, totalSpent: 500),
            CustomerRecord(id: "c5", email: try EmailAddress("omid@shop.example")),
        ]
    }

    private func store(_ engine: StoreEngine) throws -> StoreFixture {
        let fixture = try StoreFixture(engine)
        let records = try records()
        try fixture.store.importSession(commit: true, recordedBy: "test") { session in
            for record in records { _ = try session.upsert(record) }
        }
        return fixture
    }

    private func ids(_ store: KeepsakeStore, _ filter: CandidateFilter) throws -> [String] {
        try store.readForPlanning { reader in try reader.customers(filter).map(\.id) }
    }

    @Test("every candidate filter selects the same customers, by id order", arguments: StoreFixture.engines)
    func everyFilter(engine: StoreEngine) throws {
        let fixture = try store(engine)
        let store = fixture.store
        let expected: [(CandidateFilter, [String])] = [
            (.birthday(calendar: .gregorian, monthDays: [321]), ["c2", "c4"]),
            (.birthday(calendar: .persian, monthDays: [101, 102]), ["c1"]),
            (.birthday(calendar: .persian, monthDays: []), []),
            (.firstOrderMonthDay(calendar: .gregorian, monthDays: [610]), ["c2"]),
            (.lastOrderDate(from: try LocalDate(parsing: "2025-12-01"), through: try LocalDate(parsing: "2025-12-02")), ["c1", "c4"]),
            (.lastOrderDate(from: nil, through: try LocalDate(parsing: "2024-01-01")), ["c2"]),
            (.firstOrderDate(from: try LocalDate(parsing: "2024-03-21"), through: try LocalDate(parsing: "2024-03-21")), ["c1"]),
            (.textIn(.country, ["IR", "AF"]), ["c1", "c3"]),
            (.textIn(.country, []), []),
            (.textIn(.timeZone, ["Europe/London"]), ["c2"]),
            (.anyOf([]), []),
            (.allOf([]), ["c1", "c2", "c3", "c4", "c5"]),
            (.anyOf([.textIn(.calendar, ["persian"]), .birthday(calendar: .gregorian, monthDays: [321])]), ["c1", "c2", "c3", "c4"]),
            (.allOf([.textIn(.calendar, ["persian"]), .textIn(.country, ["AF"])]), ["c3"]),
            (.everyone, ["c1", "c2", "c3", "c4", "c5"]),
        ]
        for (filter, customers) in expected {
            #expect(try ids(store, filter) == customers, "\(filter)")
        }
        var sizes: [Int] = []
        try store.readForPlanning { reader in try reader.customers(.everyone, batchSize: 2) { sizes.append($0.count) } }
        #expect(sizes == [2, 2, 1])
    }

    @Test("a customer reads back exactly as imported, by id, by address and in bulk", arguments: StoreFixture.engines)
    func recordsReadBackExactly(engine: StoreEngine) throws {
        let fixture = try store(engine)
        let records = try records()
        let byID = try fixture.store.readForPlanning { reader in try reader.customers(ids: records.map(\.id) + ["nobody"]) }
        #expect(byID == Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) }))
        #expect(try fixture.store.customer(idOrEmail: "c1") == records[0])
        #expect(try fixture.store.customer(idOrEmail: "SARA@shop.example") == records[0])
        #expect(try fixture.store.customer(idOrEmail: "nobody@shop.example") == nil)
    }

    @Test("the RFM boundaries and a suppression are read alike", arguments: StoreFixture.engines)
    func rfmAndSuppression(engine: StoreEngine) throws {
        let fixture = try store(engine)
        let thresholds = try fixture.store.readForPlanning { try $0.rfmThresholds() }
        // Three buyers: the boundaries at 20, 40, 60 and 80 % are the 1st, 2nd, 2nd and 3rd values.
        func amount(_ text: String) -> Double { NSDecimalNumber(decimal: Decimal(string: text)!).doubleValue }
        func day(_ text: String) throws -> Double { Double(try LocalDate(parsing: text).dayNumber) }
        #expect(thresholds.frequency == [1, 3, 3, 7])
        #expect(thresholds.monetary == [amount("19.99"), 500, 500, amount("1234567.89")])
        #expect(thresholds.recency == [try day("2023-06-10"), try day("2025-12-01"), try day("2025-12-01"), try day("2025-12-02")])
        let reza = try EmailAddress("reza@shop.example")
        #expect(try fixture.store.suppress(email: reza, reason: "hard bounce", recordedBy: "test"))
        let suppression = try #require(try fixture.store.suppression(of: reza))
        #expect(suppression.reason == "hard bounce" && suppression.createdBy == "test")
        #expect(try fixture.store.suppression(of: try EmailAddress("sara@shop.example")) == nil)
    }

    @Test("a customer row edited by hand is refused naming its column and customer, never a crash", arguments: StoreFixture.engines)
    func unreadableRowIsNamed(engine: StoreEngine) throws {
        let fixture = try store(engine)
        try fixture.store.database.write { db in
            try db.execute(sql: "UPDATE customers SET total_spent = 'lots' WHERE id = 'c2'")
        }
        #expect(throws: StoreError.self) { try fixture.store.readForPlanning { try $0.customers(.everyone) } }
        do {
            _ = try fixture.store.readForPlanning { try $0.customers(.everyone) }
        } catch let error as StoreError {
            #expect(error.code == .corruptData)
            #expect("\(error)".contains("customers.total_spent for customer c2") && "\(error)".contains("\"lots\""), "\(error)")
        }
    }

    @Test("the store may be written inside the planner's read, which keeps its snapshot", arguments: StoreFixture.engines)
    func writeInsideThePlannersRead(engine: StoreEngine) throws {
        let fixture = try store(engine)
        let store = fixture.store
        func events(_ db: any StoreConnection) throws -> Int { try db.value(Int.self, sql: "SELECT COUNT(*) FROM consent_events") ?? 0 }
        let (before, inside) = try store.readForPlanning { reader -> (Int, Int) in
            let before = try store.database.reentrantRead(events)
            // What the daemon does: record each planned batch while the planner's read goes on.
            _ = try store.grant(
                email: try EmailAddress("omid@shop.example"), source: "newsletter form",
                occurredAt: try instant("2026-01-01T00:00:00Z"), recordedBy: "test")
            _ = try reader.customers(.everyone)
            return (before, try store.database.reentrantRead(events))
        }
        #expect(inside == before, "the planner's reads after the write are still its own snapshot")
        #expect(try store.database.read(events) == before + 1)
    }
}
