import Calendars
import Foundation
import GRDB
import Mail
import Testing
@testable import Store

@Suite("Customer upserts")
struct CustomerUpsertTests {
    @Test("a new id is inserted, a changed field updates, the same values leave it unchanged")
    func upsertOutcomes() throws {
        let fixture = try StoreFixture()
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
        #expect(try fixture.store.customer(idOrEmail: "c1") == sara)
    }

    @Test("every field comes back as it was stored, Persian and Arabic names byte for byte")
    func roundTrip() throws {
        let fixture = try StoreFixture()
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
        #expect(try fixture.store.customer(idOrEmail: "1001") == persian)
        #expect(try fixture.store.customer(idOrEmail: "zahra.ahmadi@shop.example") == persian)
        let stored = try #require(try fixture.store.customer(idOrEmail: "2002"))
        #expect(Array(stored.firstName!.utf8) == Array("فاطمة".utf8))
        #expect(Array(stored.lastName!.utf8) == Array("الزهراء".utf8))
        #expect(try fixture.store.customer(idOrEmail: "nobody@shop.example") == nil)
        let names = try DatabaseQueue(path: fixture.path).read { db in
            try Row.fetchOne(db, sql: "SELECT first_name, last_name, email, email_normalized FROM customers WHERE id = '1001'")
        }
        #expect(names?["first_name"] == "زهرا")
        #expect(names?["last_name"] == "احمدی\u{200C}نژاد")
        #expect(names?["email"] == "Zahra.Ahmadi@shop.example")
        #expect(names?["email_normalized"] == "zahra.ahmadi@shop.example")
    }

    @Test("birthday and first-order month-day keys are in the customer's calendar and time zone")
    func monthDayKeys() throws {
        let fixture = try StoreFixture()
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
        let rows = try DatabaseQueue(path: fixture.path).read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, calendar, birthday_month_day, first_order_local_date, first_order_month_day,
                    last_order_local_date FROM customers ORDER BY id
                """)
        }
        let keys = Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as String, $0) })
        #expect(keys["p"]?["birthday_month_day"] == 715)
        #expect(keys["p"]?["first_order_local_date"] == "2021-03-21")
        #expect(keys["p"]?["first_order_month_day"] == 101)
        #expect(keys["i"]?["calendar"] == "islamic-umalqura")
        #expect(keys["i"]?["birthday_month_day"] == 1210)
        #expect(keys["i"]?["first_order_month_day"] == 1001)
        #expect(keys["g"]?["birthday_month_day"] == 229)
        #expect(keys["g"]?["first_order_local_date"] == "2021-03-20")
        #expect(keys["g"]?["first_order_month_day"] == 320)
        #expect(keys["g"]?["last_order_local_date"] == "2026-01-01")
    }

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
