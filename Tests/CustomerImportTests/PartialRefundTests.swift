import Foundation
import Store
import Testing
@testable import CustomerImport

/// A partly refunded order counts for what the shop kept: Shopify's `Refunded Amount` and
/// WooCommerce's `refunded_total` are taken off its total (issue 18 found them ignored, the order
/// counted in full); all of it refunded, the order does not count; more refunded than paid is named.
@Suite struct PartialRefundTests {
    private let customers = """
        \(customerHeader)
        c2,ali@example.com,Ali,Rezaei,en,UTC,GB,gregorian,,,,0,0,GBP,,,,

        """

    private func fixture() throws -> ImportFixture {
        let fixture = try ImportFixture()
        _ = try fixture.importCustomers(try fixture.write(customers, to: "customers.csv"))
        return fixture
    }

    @Test func shopifysRefundedAmountIsTakenOffTheTotal() throws {
        let fixture = try fixture()
        let orders = try fixture.write("""
            Name,Email,Financial Status,Currency,Total,Refunded Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price
            #2001,ali@example.com,partially_refunded,GBP,50.00,20.00,2024-03-02 10:15:00 +0000,1,Saffron tin,50.00
            #2002,ali@example.com,paid,GBP,12.50,0.00,2024-03-03 10:15:00 +0000,1,Tea,12.50
            #2003,ali@example.com,paid,GBP,8.00,8.00,2024-03-04 10:15:00 +0000,1,Rose water,8.00

            """, to: "shopify.csv")
        let report = try fixture.importOrders(orders, mapping: try ImportMapping.preset(named: "shopify-orders"))
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(try fixture.store.order(id: "#2001")?.total == Decimal(string: "30.00"))
        #expect(try fixture.store.order(id: "#2002")?.total == Decimal(string: "12.50"))
        #expect(try fixture.store.order(id: "#2003")?.status == .refunded)
        let ali = try #require(try fixture.store.customer(idOrEmail: "c2"))
        #expect(ali.ordersCount == 2 && ali.totalSpent == Decimal(string: "42.50"))
    }

    @Test func wooCommercesRefundedTotalIsTakenOffTheTotal() throws {
        let fixture = try fixture()
        let orders = try fixture.write("""
            order_number,order_date,status,order_total,refunded_total,order_currency,customer_id,billing_email
            6001,2024-03-02 10:15:00,completed,80.00,30.00,GBP,0,ali@example.com

            """, to: "woocommerce.csv")
        let report = try fixture.importOrders(orders, mapping: try ImportMapping.preset(named: "woocommerce-orders"))
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(try fixture.store.order(id: "6001")?.total == Decimal(string: "50.00"))
    }

    @Test func moreRefundedThanPaidIsNamedAndNothingIsImported() throws {
        let fixture = try fixture()
        let orders = try fixture.write("""
            order_id,customer_id,created_at,total,currency,refunded_amount
            o1,c2,2024-03-20T08:00:00Z,15.00,GBP,5.00
            o2,c2,2024-03-20T09:00:00Z,15.00,GBP,15.01

            """, to: "orders.csv")
        let report = try fixture.importOrders(orders)
        #expect(report.problems.map(\.description) == [
            "orders.csv:3: refunded_amount: 15.01 refunded is more than the order's total 15.00; check both against the shop's order",
        ])
        #expect(try fixture.store.order(id: "o1") == nil)
    }
}
