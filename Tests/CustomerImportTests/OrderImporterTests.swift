import Foundation
import Store
import Testing
@testable import CustomerImport

@Suite("Order import")
struct OrderImporterTests {
    private let customers = """
        \(customerHeader)
        c1,sara@example.com,سارا,کریمی,fa-IR,Asia/Tehran,IR,persian,,,,0,0,IRR,,,,
        c2,ali@example.com,Ali,Rezaei,en,UTC,GB,gregorian,,2021-05-01T10:00:00Z,2021-05-01T10:00:00Z,1,20.00,GBP,,,,

        """

    @Test func ordersFindTheirCustomerByIdOrEmailAndCountOnce() throws {
        let fixture = try ImportFixture()
        _ = try fixture.importCustomers(try fixture.write(customers, to: "customers.csv"))
        let orders = try fixture.write("""
            order_id,customer_id,email,created_at,total,currency
            o1,c1,,2024-03-20T08:00:00Z,150.25,IRR
            o2,,ALI@example.com,2020-01-01,9.75,GBP
            o3,c9,,2024-01-01T00:00:00Z,1,USD

            """, to: "orders.csv")
        let report = try fixture.importOrders(orders)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect((report.ordersApplied, report.ordersUnknownCustomer) == (2, 1))
        let sara = try #require(try fixture.store.customer(idOrEmail: "c1"))
        #expect((sara.ordersCount, sara.totalSpent) == (1, Decimal(string: "150.25")))
        let ali = try #require(try fixture.store.customer(idOrEmail: "c2"))
        #expect((ali.ordersCount, ali.totalSpent) == (2, Decimal(string: "29.75")))
        #expect(ali.firstOrderAt?.description == "2020-01-01")

        let again = try fixture.importOrders(orders)
        // The guest order (c9) was stored the first time: now all three are already imported.
        #expect((again.ordersApplied, again.ordersAlreadyImported, again.ordersUnknownCustomer) == (0, 3, 0))
        #expect(try fixture.store.customer(idOrEmail: "c2") == ali)
    }

    @Test func aBadOrderRefusesTheFileWithEveryProblemAndChangesNothing() throws {
        let fixture = try ImportFixture()
        _ = try fixture.importCustomers(try fixture.write(customers, to: "customers.csv"))
        let before = try fixture.store.customer(idOrEmail: "c2")
        let orders = try fixture.write("""
            order_id,customer_id,email,created_at,total,currency
            o1,c2,,2024-03-20T08:00:00Z,15.00,GBP
            o2,,,2024-02-30,-3,pounds
            o1,c2,,2024-03-21T08:00:00Z,15.00,GBP

            """, to: "orders.csv")
        let report = try fixture.importOrders(orders)
        #expect(!report.committed)
        #expect(report.problems.map { "\($0.line): \($0.column)" } == [
            "3: customer_id", "3: created_at", "3: total", "3: currency", "4: order_id",
        ])
        #expect(report.problems.last?.message == "order o1 is already on line 2; give each order one row")
        #expect(try fixture.store.customer(idOrEmail: "c2") == before)
    }

    @Test func aNULCharacterInAColumnTheOrderIsReadFromRefusesTheRow() throws {
        let fixture = try ImportFixture()
        _ = try fixture.importCustomers(try fixture.write(customers, to: "customers.csv"))
        let before = try fixture.store.customer(idOrEmail: "c2")
        let orders = try fixture.write(
            "order_id,customer_id,email,created_at,total,currency,note\n"
                + "o1,c2,,2024-03-20T08:00:00Z,15.00,GBP,gift\u{0}wrap\n"
                + "o\u{0}2,c2,,2024-03-21T08:00:00Z,15.00,GBP,\n"
                + "o3,c\u{0}2,,2024-03-22T08:00:00Z,15.00,GBP,\n",
            to: "orders.csv")
        let report = try fixture.importOrders(orders)
        #expect(!report.committed)
        #expect(report.problems.map { "\($0.line): \($0.column)" } == ["3: order_id", "4: customer_id"])
        #expect(report.problems.allSatisfy { $0.message.contains("NUL character") })
        #expect(try fixture.store.customer(idOrEmail: "c2") == before)
    }

    @Test func anOrderFileNeedsACustomerColumn() throws {
        let fixture = try ImportFixture()
        let orders = try fixture.write("order_id,created_at,total\no1,2024-01-01,5\n", to: "orders.csv")
        let report = try fixture.importOrders(orders)
        #expect(report.problems.map(\.description) == [
            "orders.csv:1: header: no column holds customer_id or email: an order needs one of them to find its customer",
        ])
    }
}
