import Calendars
import Foundation
import Store
import Testing
@testable import CustomerImport

/// The three order formats (Keepsake's own, Shopify's, WooCommerce's), re-import, refunds,
/// guests, and the bad inputs each named by row and field.
@Suite("Order formats")
struct OrderFormatsTests {
    private let customers = """
        \(customerHeader)
        c1,sara@example.com,Sara,Karimi,fa-IR,Asia/Tehran,IR,persian,,,,0,0,IRR,,,,
        c2,ali@example.com,Ali,Rezaei,en,UTC,GB,gregorian,,2021-05-01T10:00:00Z,2021-05-01T10:00:00Z,1,20.00,GBP,,,,

        """

    private func fixture() throws -> ImportFixture {
        let fixture = try ImportFixture()
        _ = try fixture.importCustomers(try fixture.write(customers, to: "customers.csv"))
        return fixture
    }

    /// The counted orders and their total, computed by the tests' own Python from the same file.
    private func pythonTotals(_ path: String, columns: (order: String, total: String, status: String), notCounted: String)
        throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            ImportFixture.repositoryRoot.appendingPathComponent("Tests/Support/order_totals.py").path, path,
            columns.order, columns.total, columns.status, notCounted,
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func keepsakesOwnFormatReadsLineItemsCodesAndStatus() throws {
        let fixture = try fixture()
        let orders = try fixture.write("""
            order_id,customer_id,email,created_at,total,currency,status,discount_codes,sku,title,quantity,price
            o1,c2,,2024-03-20T08:00:00Z,30.00,GBP,,summer10,MUG-1,Mug,2,10.00
            o1,,,,,,,,TEA-2,Tea,1,10.00
            o2,c2,,2024-03-21T08:00:00Z,5.00,GBP,refunded,,,,,

            """, to: "orders.csv")
        let report = try fixture.importOrders(orders)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect((report.ordersApplied, report.ordersNotCounted, report.shopCodes, report.lineItemRowsPassedOver) == (2, 1, 1, 1))
        let first = try #require(try fixture.store.order(id: "o1"))
        #expect(first.discountCodes == ["SUMMER10"])
        #expect(first.lineItems == [
            OrderLineItem(position: 1, product: "MUG-1", title: "Mug", quantity: 2, price: Decimal(string: "10.00")),
            OrderLineItem(position: 2, product: "TEA-2", title: "Tea", quantity: 1, price: Decimal(string: "10.00")),
        ])
        #expect(try fixture.store.order(id: "o2")?.status == .refunded)
        let ali = try #require(try fixture.store.customer(idOrEmail: "c2"))
        #expect(ali.ordersCount == 2 && ali.totalSpent == Decimal(string: "50.00"))
        #expect(try pythonTotals(orders, columns: ("order_id", "total", "status"), notCounted: "refunded,cancelled") == "1 30.00")
        #expect(ali.totalSpent - Decimal(string: "20.00")! == Decimal(string: "30.00"))
    }

    @Test func shopifysOneRowPerLineItemExportAndALaterRefund() throws {
        let fixture = try fixture()
        let header = "Name,Email,Financial Status,Paid at,Currency,Subtotal,Total,Discount Code,Discount Amount,"
            + "Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Cancelled at,Vendor"
        let march = try fixture.write("""
            \(header)
            #1001,ali@example.com,paid,2024-03-02 10:20:00 +0000,GBP,40.00,36.00,WELCOME10,4.00,2024-03-02 10:15:00 +0000,1,Saffron tin,20.00,SAF-10,,Sahab
            #1001,ali@example.com,,,,,,,,,2,Rose water,10.00,ROSE-2,,Sahab
            #1002,ali@example.com,voided,,GBP,15.00,15.00,,,2024-03-04 09:00:00 +0000,1,Tea,15.00,TEA-1,2024-03-04 12:00:00 +0000,Sahab
            #1003,guest@example.org,paid,2024-03-05 11:00:00 +0000,GBP,99.00,99.00,,,2024-03-05 11:00:00 +0000,1,Rug,99.00,RUG-1,,Sahab

            """, to: "shopify-march.csv")
        let shopify = try ImportMapping.preset(named: "shopify-orders")
        let report = try fixture.importOrders(march, mapping: shopify)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect((report.ordersApplied, report.ordersUnknownCustomer, report.ordersNotCounted) == (2, 1, 1))
        let order = try #require(try fixture.store.order(id: "#1001"))
        #expect(order.lineItems.map(\.product) == ["SAF-10", "ROSE-2"])
        #expect(order.lineItems.map(\.quantity) == [1, 2])
        #expect(try fixture.store.order(id: "#1002")?.status == .cancelled)
        #expect(try fixture.store.unmatchedOrders().map(\.orderID) == ["#1003"])
        let before = try #require(try fixture.store.customer(idOrEmail: "c2"))
        #expect(before.ordersCount == 2 && before.totalSpent == Decimal(string: "56.00"))

        // The same export again changes nothing; a later one that marks #1001 refunded updates it.
        let again = try fixture.importOrders(march, mapping: shopify)
        #expect((again.ordersApplied, again.ordersAlreadyImported, again.ordersStatusChanged) == (0, 3, 0))
        let april = try fixture.write(
            (try String(contentsOfFile: march, encoding: .utf8)).replacingOccurrences(of: "#1001,ali@example.com,paid", with: "#1001,ali@example.com,refunded"),
            to: "shopify-april.csv")
        let refund = try fixture.importOrders(april, mapping: shopify)
        #expect((refund.ordersStatusChanged, refund.ordersAlreadyImported) == (1, 2))
        let after = try #require(try fixture.store.customer(idOrEmail: "c2"))
        #expect(after.ordersCount == 1 && after.totalSpent == Decimal(string: "20.00"))
        #expect(try fixture.store.order(id: "#1001")?.status == .refunded)
    }

    @Test func wooCommercesSampleAgreesWithAnIndependentSum() throws {
        let fixture = try fixture()
        let sample = ImportFixture.repositoryRoot.appendingPathComponent("samples/woocommerce-orders-sample.csv").path
        let report = try fixture.importOrders(sample, mapping: try ImportMapping.preset(named: "woocommerce-orders"))
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect((report.ordersApplied, report.ordersUnknownCustomer, report.ordersNotCounted) == (4, 1, 2))
        #expect(try fixture.store.order(id: "5101")?.discountCodes == ["WELCOME3"])
        #expect(try fixture.store.order(id: "5101")?.lineItems.map(\.price) == [Decimal(string: "20.00"), Decimal(string: "5")])
        #expect(try fixture.store.order(id: "5101")?.placedAt == (try instant("2024-03-02T10:15:00Z")))
        // The store's figure: Ali's counted orders (less the one his customer row came with) and the
        // guest's; the tests' own Python reads every counted order of the file.
        let ali = try #require(try fixture.store.customer(idOrEmail: "c2"))
        let guest = try #require(try fixture.store.order(id: "5102"))
        let python = try pythonTotals(
            sample, columns: ("order_number", "order_total", "status"), notCounted: "refunded,cancelled,failed"
        ).split(separator: " ")
        #expect(python.count == 2)
        #expect(Int(python[0]) == ali.ordersCount - 1 + 1)
        #expect(Decimal(string: String(python[1])) == ali.totalSpent - Decimal(string: "20.00")! + guest.total)
    }

    @Test func badOrdersAreEachNamedByRowAndFieldAndNothingIsImported() throws {
        let fixture = try fixture()
        let before = try fixture.store.customer(idOrEmail: "c2")
        let orders = try fixture.write("""
            order_id,customer_id,email,created_at,total,currency,status,discount_codes
            o1,c2,,2024-03-20T08:00:00Z,15.00,GBP,counted,
            o2,c2,,2024-03-20T09:00:00Z,-4.00,GBP,,
            o3,c2,,2024-03-20T10:00:00Z,4.00,XYZ,,
            o4,c2,,2024-03-20T11:00:00Z,4.00,GBP,paid,
            o5,c2,,2024-03-20T12:00:00Z,4.00,EUR,,
            o6,c9,,2024-03-20T13:00:00Z,4.00,EUR,,NOT-KEEPSAKE

            """, to: "orders.csv")
        let report = try fixture.importOrders(orders)
        #expect(!report.committed)
        #expect(report.problems.map { "\($0.line): \($0.column)" } == ["3: total", "4: currency", "5: status", "6: currency"])
        #expect(report.problems[0].message == "-4.00 is negative; an amount is 0 or more")
        #expect(report.problems[1].message.hasPrefix("XYZ is not a currency code ISO 4217 lists"))
        #expect(report.problems[2].message == "status \"paid\" is unknown; write counted, refunded or cancelled")
        #expect(report.problems[3].message.hasPrefix("order o5 is in EUR but customer c2 pays in GBP"))
        #expect(try fixture.store.customer(idOrEmail: "c2") == before)
        #expect(try fixture.store.order(id: "o1") == nil)
        #expect(try fixture.store.unmatchedOrders().isEmpty)
    }
}

extension OrderFormatsTests {
    @Test func discountCodesAreBoundedAndTheLimitIsNamed() throws {
        let fixture = try fixture()
        let many = (1...21).map { "C\($0)" }.joined(separator: ";")
        let long = String(repeating: "X", count: 65)
        let orders = try fixture.write("""
            order_id,customer_id,email,created_at,total,currency,discount_codes
            o1,c2,,2024-03-20T08:00:00Z,15.00,GBP,\(many)
            o2,c2,,2024-03-20T09:00:00Z,15.00,GBP,\(long)

            """, to: "orders.csv")
        let report = try fixture.importOrders(orders)
        #expect(report.problems.map(\.description) == [
            "orders.csv:2: discount_codes: the order gives 21 discount codes; at most 20 are read — is this the right column?",
            "orders.csv:3: discount_codes: \"\(long)\" is not a discount code; a code is 1 to 64 characters on one line",
        ])
        #expect(try fixture.store.order(id: "o1") == nil)
    }
}

/// An instant written in ISO 8601.
private func instant(_ text: String) throws -> Date {
    guard case .instant(let date) = try PointInTime(parsing: text) else { throw CocoaError(.formatting) }
    return date
}
