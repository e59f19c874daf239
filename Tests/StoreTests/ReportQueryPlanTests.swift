import Calendars
import Foundation
import Testing
@testable import Store

/// The report reads every counted order (5,000,000 in the benchmark) in one scan of
/// `orders_counted_by_customer` (migration 13), in customer order without a sort and never looking
/// an order up in its table; the period's ledger rows find their returned mail by delivery id, and
/// their customers' withdrawals come from `consent_events_withdrawals`; an order withdrawn from a
/// coupon finds the code by its index. The plans are SQLite's own (`EXPLAIN QUERY PLAN`).
@Suite struct ReportQueryPlanTests {
    func plan(_ sql: String, _ arguments: StoreArguments = [], in store: KeepsakeStore) throws -> [String] {
        try store.database.read { connection in
            try connection.rows(sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { try $0["detail"] as String }
        }
    }

    @Test func theReportReadsOrdersInOneScanOfTheirCoveringIndex() throws {
        let fixture = try StoreFixture()
        let steps = try plan(KeepsakeStore.ordersSQL, in: fixture.store)
        #expect(steps.count == 1 && steps[0].contains("orders USING COVERING INDEX orders_counted_by_customer"), "\(steps)")
        #expect(!steps.contains { $0.contains("TEMP B-TREE") }, "\(steps)")
    }

    @Test func theLedgerRowsFindReturnedMailByDeliveryAndWithdrawalsByCustomer() throws {
        let fixture = try StoreFixture()
        let period: StoreArguments = ["2026-03-01", "2026-03-31"]
        let deliveries = try plan(ReportLedger.deliveriesSQL, period, in: fixture.store)
        // Returned messages are found by their ledger row, not by every message of a kind of failure.
        #expect(deliveries.filter { $0.contains("USING INDEX inbound_messages_delivery (delivery_id=?)") }.count == 2, "\(deliveries)")
        #expect(!deliveries.contains { $0.contains("inbound_messages_reports") }, "\(deliveries)")
        let optOuts = try plan(ReportLedger.optOutsSQL, period, in: fixture.store)
        #expect(optOuts.contains { $0.contains("USING COVERING INDEX consent_events_withdrawals (customer_id=?)") }, "\(optOuts)")
    }

    @Test func withdrawingAnOrderFindsItsCouponCodeByIndex() throws {
        let fixture = try StoreFixture()
        let steps = try plan(
            "UPDATE coupon_codes SET redeemed_order_id = NULL, redeemed_at = NULL WHERE redeemed_order_id = ?", ["o1"],
            in: fixture.store)
        #expect(steps.contains { $0.contains("USING INDEX coupon_codes_redeemed_order (redeemed_order_id=?)") }, "\(steps)")
    }

    /// The typed reads the report's rows go through, on a cursor's row and on a kept one.
    @Test(arguments: StoreFixture.engines)
    func rowsReadTextInPlaceAndIntegersByPosition(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        let sql = "SELECT 'c0000001', NULL, 42, '2026-03-05T10:00:00Z'"
        try fixture.store.database.read { connection in
            var streamed: [String?] = []
            try connection.forEachRow(sql: sql) { row in
                streamed.append(try row.withUTF8(at: 0) { String(decoding: $0, as: UTF8.self) })
                streamed.append(try row.withUTF8(at: 1) { String(decoding: $0, as: UTF8.self) })
                #expect(try row.integer(at: 2) == 42)
                #expect(throws: StoreError.self) { try row.integer(at: 0) }
                #expect(try row.withUTF8(at: 3) { try PointInTime(parsingUTF8: $0) } == (try PointInTime(parsing: "2026-03-05T10:00:00Z")))
            }
            #expect(streamed == ["c0000001", nil])
            let kept = try #require(try connection.row(sql: sql))
            #expect(try kept.withUTF8(at: 0) { String(decoding: $0, as: UTF8.self) } == "c0000001")
            #expect(try kept.withUTF8(at: 1) { $0.count } == nil)
            #expect(try kept.integer(at: 2) == 42)
        }
    }
}
