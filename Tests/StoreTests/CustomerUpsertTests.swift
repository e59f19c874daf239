import Calendars
import Foundation
import GRDB
import Mail
import Testing
@testable import Store

@Suite("Customer upserts")
struct CustomerUpsertTests {
    @Test("a new id is inserted, a changed field updates, the same values leave it unchanged", arguments: StoreFixture.engines)
    func upsertOutcomes(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        var sara = try customer("c1", "sara@shop.example")
        sara.firstName = "Sara"
        #expect(try fixture.store.importSession(commit: true, recordedBy: "test") { try $0.upsert(sara) } == .inserted)
        #expect(try fixture.store.importSession(commit: true, recordedBy: "test") { try $0.upsert(sara) } == .unchanged)
        sara.tags = ["vip", "tehran"]
        #expect(try fixture.store.importSession(commit: true, recordedBy: "test") { try $0.upsert(sara) } == .updated)
        sara.attributes = ["favourite_colour": "blue"]
        #expect(try fixture.store.importSession(commit: true, recordedBy: "test") { try $0.upsert(sara) } == .updated)
        #expect(try fixture.store.importSession(commit: true, recordedBy: "test") { try $0.upsert(sara) } == .unchanged)
        #expect(try fixture.store.customerCount() == 1)
        let stored = try #require(try storedColumns(fixture.store, id: "c1"))
        #expect(stored.tags == "vip;tehran")
        #expect(stored.attributes == "{\"favourite_colour\":\"blue\"}")
        if engine == .sqlite {  // The planner's customer reader is still SQLite-only (issue 20, Store/Planning).
            #expect(try fixture.store.customer(idOrEmail: "c1") == sara)
        }
    }

    @Test("every field comes back as it was stored, Persian and Arabic names byte for byte", arguments: StoreFixture.engines)
    func roundTrip(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        let persian = CustomerRecord(
            id: "1001", email: try EmailAddress("Zahra.Ahmadi@Shop.Example"), firstName: "زهرا",
            lastName: "احمدی\u{200C}نژاد", locale: "fa-IR", timeZone: "Asia/Tehran", country: "IR",
            calendar: .persian, birthday: try CalendarDate(parsing: "1370-12-29", in: .persian),
            firstOrderAt: try PointInTime(parsing: "2021-03-20T21:00:00Z"),
            lastOrderAt: try PointInTime(parsing: "2024-06-01"), ordersCount: 7,
            totalSpent: Decimal(string: "123456789012.35")!, currency: "IRR", tags: ["vip", "نوروز"],
            attributes: ["city": "تهران", "quote": "say \"hi\"\n\\ok"])
        let arabic = CustomerRecord(
            id: "2002", email: try EmailAddress("fatima@shop.example"), firstName: "فاطمة", lastName: "الزهراء",
            locale: "ar-SA", timeZone: "Asia/Riyadh", calendar: .islamicUmmAlQura,
            birthday: try CalendarDate(parsing: "--09-30", in: .islamicUmmAlQura))
        try fixture.store.importSession(commit: true, recordedBy: "test") { session in
            _ = try session.upsert(persian)
            _ = try session.upsert(arabic)
        }
        if engine == .sqlite {  // The planner's customer reader is still SQLite-only (issue 20, Store/Planning).
            #expect(try fixture.store.customer(idOrEmail: "1001") == persian)
            #expect(try fixture.store.customer(idOrEmail: "zahra.ahmadi@shop.example") == persian)
            #expect(try fixture.store.customer(idOrEmail: "nobody@shop.example") == nil)
        }
        let arabicNames = try #require(try storedColumns(fixture.store, id: "2002"))
        #expect(Array(arabicNames.firstName!.utf8) == Array("فاطمة".utf8))
        #expect(Array(arabicNames.lastName!.utf8) == Array("الزهراء".utf8))
        let names = try #require(try storedColumns(fixture.store, id: "1001"))
        #expect(names.firstName == "زهرا")
        #expect(Array(names.lastName!.utf8) == Array("احمدی\u{200C}نژاد".utf8))
        #expect(names.email == "Zahra.Ahmadi@shop.example")
        #expect(names.emailNormalized == "zahra.ahmadi@shop.example")
        #expect(names.totalSpent == "123456789012.35")
        // Byte for byte as written: the text the store encoded, through the engine and back.
        #expect(names.attributes == CustomerColumns.attributesJSON(persian.attributes))
        #expect(names.attributes.contains("\"city\":\"تهران\""))
    }

    @Test("birthday and first-order month-day keys are in the customer's calendar and time zone", arguments: StoreFixture.engines)
    func monthDayKeys(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        // 2021-03-20T21:00Z is 00:30 on 1 Farvardin 1400 in Tehran, still 20 March in UTC.
        let firstOrder = try PointInTime(parsing: "2021-03-20T21:00:00Z")
        var persian = try customer("p", "p@shop.example")
        persian.calendar = .persian
        persian.timeZone = "Asia/Tehran"
        persian.birthday = try CalendarDate(parsing: "1362-07-15", in: .persian)
        persian.firstOrderAt = firstOrder
        var islamic = try customer("i", "i@shop.example")
        islamic.calendar = .islamicUmmAlQura
        islamic.timeZone = "Asia/Riyadh"
        islamic.birthday = try CalendarDate(parsing: "--12-10", in: .islamicUmmAlQura)
        islamic.firstOrderAt = try PointInTime(parsing: "2024-04-10")  // 1 Shawwal 1445
        var gregorian = try customer("g", "g@shop.example")
        gregorian.birthday = try CalendarDate(parsing: "--02-29", in: .gregorian)
        gregorian.firstOrderAt = firstOrder  // no time zone: UTC
        gregorian.lastOrderAt = try PointInTime(parsing: "2025-12-31T23:30:00-05:00")
        try fixture.store.importSession(commit: true, recordedBy: "test") { session in
            for record in [persian, islamic, gregorian] { _ = try session.upsert(record) }
        }
        let rows = try fixture.store.database.read { db in
            try db.rows(sql: """
                SELECT id, calendar, birthday_month_day, first_order_local_date, first_order_month_day,
                    last_order_local_date FROM customers ORDER BY id
                """)
        }
        var keys: [String: MonthDayKeys] = [:]
        for row in rows {
            keys[try row["id"]] = MonthDayKeys(
                calendar: try row["calendar"], birthday: try row["birthday_month_day"], firstOrderDate: try row["first_order_local_date"],
                firstOrder: try row["first_order_month_day"], lastOrderDate: try row["last_order_local_date"])
        }
        #expect(keys["p"]?.birthday == 715)
        #expect(keys["p"]?.firstOrderDate == "2021-03-21")
        #expect(keys["p"]?.firstOrder == 101)
        #expect(keys["i"]?.calendar == "islamic-umalqura")
        #expect(keys["i"]?.birthday == 1210)
        #expect(keys["i"]?.firstOrder == 1001)
        #expect(keys["g"]?.birthday == 229)
        #expect(keys["g"]?.firstOrderDate == "2021-03-20")
        #expect(keys["g"]?.firstOrder == 320)
        #expect(keys["g"]?.lastOrderDate == "2026-01-01")
    }

    // The store's file on SQLite: a PostgreSQL store is a database on a server, made by its operator.

    @Test("the store file and its missing parent directories are created, in WAL mode")
    func createsFileInWALMode() throws {
        let fixture = try StoreFixture()
        #expect(FileManager.default.fileExists(atPath: fixture.path))
        let mode = try DatabaseQueue(path: fixture.path).read { db in
            try String.fetchOne(db, sql: "PRAGMA journal_mode")
        }
        #expect(mode == "wal")
        let reopened = try KeepsakeStore(path: fixture.path)
        #expect(try reopened.customerCount() == 0)
    }

    @Test("opened as must-exist, a missing store is refused naming its path and nothing is created")
    func mustExist() throws {
        let fixture = try StoreFixture()
        let missing = fixture.directory.appendingPathComponent("TYPO/keepsake.sqlite").path
        let error = try #require(throws: StoreError.self) { try KeepsakeStore(path: missing, mode: .mustExist) }
        #expect(error.code == .missingStore)
        #expect(error.message.contains("the customer store \(missing) does not exist"))
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.appendingPathComponent("TYPO").path))
        #expect(try KeepsakeStore(path: fixture.path, mode: .mustExist).customerCount() == 0)
    }

    @Test("a store path under a regular file is refused with a message naming the directory")
    func unwritablePath() throws {
        let fixture = try StoreFixture()
        let blocked = fixture.path + "/inside/keepsake.sqlite"
        let error = try #require(throws: StoreError.self) { try KeepsakeStore(path: blocked) }
        #expect(error.code == .cannotOpen)
        #expect(error.message.contains(fixture.path + "/inside"))
    }
}

/// The month-day keys the store derives for a customer, as stored.
private struct MonthDayKeys {
    let calendar: String
    let birthday: Int?
    let firstOrderDate: String?
    let firstOrder: Int?
    let lastOrderDate: String?
}

/// A customer's stored columns, read on either engine (the planner's decoder behind
/// ``KeepsakeStore/customer(idOrEmail:)`` is still SQLite-only); nil when there is no such customer.
private func storedColumns(_ store: KeepsakeStore, id: String) throws -> StoredCustomerColumns? {
    try store.database.read { db in
        try db.row(sql: """
            SELECT first_name, last_name, email, email_normalized, total_spent, tags, attributes FROM customers WHERE id = ?
            """, arguments: [id]).map { row in
            StoredCustomerColumns(
                firstName: try row["first_name"], lastName: try row["last_name"], email: try row["email"],
                emailNormalized: try row["email_normalized"], totalSpent: try row["total_spent"], tags: try row["tags"],
                attributes: try row["attributes"])
        }
    }
}

private struct StoredCustomerColumns {
    let firstName: String?
    let lastName: String?
    let email: String
    let emailNormalized: String
    let totalSpent: String
    let tags: String?
    let attributes: String
}
