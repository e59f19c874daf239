import Foundation
import Testing
@testable import Store

/// A send-ledger row's time zone travels as a `TimeZone`: the store writes its IANA name into
/// `time_zone` and reads it back, and a name the system does not know is a clear error naming the
/// row and the column, never a silent UTC.
@Suite struct LedgerTimeZoneTests {
    @Test(arguments: StoreFixture.engines)
    func theZoneIsStoredByItsNameAndReadBackAsTheSameZone(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let recorded = try fixture.recorded("c1", "Sara@Shop.example")
        #expect(recorded.timeZone == TimeZone(identifier: "Asia/Tehran"))
        let stored = try fixture.store.database.read { db in
            try db.value(String.self, sql: "SELECT time_zone FROM deliveries WHERE id = ?", arguments: [recorded.id])
        }
        #expect(stored == "Asia/Tehran")
    }

    @Test(arguments: ["Mars/Olympus_Mons", ""], StoreFixture.engines)
    func aRowWithAnUnknownZoneIsACorruptRowNamedWithItsColumn(zone: String, engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let recorded = try fixture.recorded("c1", "Sara@Shop.example")
        try fixture.base.reopened().database.write { db in
            try db.execute(sql: "UPDATE deliveries SET time_zone = ? WHERE id = ?", arguments: [zone, recorded.id])
        }
        for read in [
            { try fixture.store.deliveries(customerIDs: ["c1"]) },
            { try fixture.store.waitingDeliveries(dueBy: SendLedgerFixture.expiresAt) },
        ] as [() throws -> [LedgerDelivery]] {
            let error = try #require(throws: StoreError.self) { try read() }
            #expect(error.code == .corruptData)
            #expect(error.message.contains("deliveries.time_zone for delivery \(recorded.id)"), "\(error.message)")
            #expect(error.message.contains("\"\(zone)\""), "\(error.message)")
            #expect(error.message.contains("a time zone the system knows, such as Asia/Tehran"), "\(error.message)")
        }
    }
}
