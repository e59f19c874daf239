import Foundation
import Mail
import Store
import Testing
@testable import CustomerImport

@Suite("Shop exports through the presets")
struct ShopExportTests {
    /// Copies an export from Exports/ into the fixture, with a known modification time.
    private func export(_ name: String, into fixture: ImportFixture, modified: Date? = nil) throws -> String {
        let source = ImportFixture.testsDirectory.appendingPathComponent("Exports/\(name)")
        let path = fixture.path(name)
        try FileManager.default.copyItem(atPath: source.path, toPath: path)
        if let modified {
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        }
        return path
    }

    @Test func shopifyCustomersMapToKeepsakeFieldsAttributesAndConsent() throws {
        let fixture = try ImportFixture()
        let exported = Date(timeIntervalSince1970: 1_714_557_600)  // 2024-05-01T10:00:00Z
        let path = try export("shopify-customers.csv", into: fixture, modified: exported)
        let report = try fixture.importCustomers(path, mapping: try .preset(named: "shopify-customers"))
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.inserted == 3)
        #expect(report.consentRecorded == 3)

        let sara = try #require(try fixture.store.customer(idOrEmail: "7051234567890"))
        #expect(sara.firstName == "سارا" && sara.lastName == "کریمی")
        #expect(sara.country == "IR")
        #expect(sara.totalSpent == Decimal(string: "1250.50"))
        #expect(sara.ordersCount == 3)
        #expect(sara.tags == ["vip", "newsletter"])
        #expect(sara.attributes["city"] == "Tehran")
        // Street address, phone and staff note are not kept: Keepsake has no use for them.
        #expect(sara.attributes["address1"] == nil && sara.attributes["note"] == nil && sara.attributes["phone"] == nil)
        #expect(!sara.attributes.values.contains("No. 12, Vali Asr St"))
        #expect(sara.attributes["Default Address City"] == nil)

        let omar = try EmailAddress("omar@example.ae")
        #expect(try fixture.store.currentConsent(email: sara.email) == .optedIn)
        #expect(try fixture.store.currentConsent(email: omar) == .optedOut)
        let event = try #require(try fixture.store.consentLog(email: sara.email).first)
        #expect(event.source == "shopify export")
        #expect(event.occurredAt.hasPrefix("2024-05-01T10:00:00"))
        #expect(event.reference == "import shopify-customers.csv:2")
    }

    @Test func shopifyOrdersCountTheFirstRowOfEachOrderOnce() throws {
        let fixture = try ImportFixture()
        let customers = try export("shopify-customers.csv", into: fixture)
        _ = try fixture.importCustomers(customers, mapping: try .preset(named: "shopify-customers"))
        let before = try #require(try fixture.store.customer(idOrEmail: "7051234567890"))
        let orders = try export("shopify-orders.csv", into: fixture)
        let mapping = try ImportMapping.preset(named: "shopify-orders")

        let report = try fixture.importOrders(orders, mapping: mapping)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect((report.ordersApplied, report.ordersUnknownCustomer, report.lineItemRowsPassedOver) == (2, 1, 2))
        let after = try #require(try fixture.store.customer(idOrEmail: "7051234567890"))
        #expect(after.ordersCount == before.ordersCount + 1)
        #expect(after.totalSpent == before.totalSpent + Decimal(string: "470.00")!)
        #expect(after.lastOrderAt?.description == "2024-01-15T06:53:45Z")

        let again = try fixture.importOrders(orders, mapping: mapping)
        // The guest order was stored the first time too.
        #expect((again.ordersApplied, again.ordersAlreadyImported) == (0, 3))
        #expect(try fixture.store.customer(idOrEmail: "7051234567890") == after)
    }

    @Test func wooCommerceCustomersKeepTheRegistrationDateAndDropPasswordHashes() throws {
        let fixture = try ImportFixture()
        let path = try export("woocommerce-customers.csv", into: fixture)
        let report = try fixture.importCustomers(path, mapping: try .preset(named: "woocommerce-customers"))
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.inserted == 2)
        let maryam = try #require(try fixture.store.customer(idOrEmail: "12"))
        #expect(maryam.firstName == "مریم" && maryam.lastName == "حسینی")
        #expect(maryam.email.description == "maryam@example.ir")
        #expect(maryam.country == "IR")
        #expect(maryam.ordersCount == 7)
        #expect(maryam.totalSpent == Decimal(3_400_000))
        #expect(maryam.attributes["registered"] == "2021-03-21 08:15:00")
        #expect(maryam.attributes["username"] == nil && maryam.attributes["phone"] == nil, "log-in names and phones are not kept")
        #expect(!maryam.attributes.keys.contains("user_pass"))
        #expect(!maryam.attributes.values.contains { $0.hasPrefix("$P$") })
        #expect(try fixture.store.consentLog(email: nil).isEmpty)
    }

    @Test func everyPresetLoadsWithItsKind() throws {
        #expect(try ImportMapping.preset(named: "shopify-customers").kind == .customers)
        #expect(try ImportMapping.preset(named: "shopify-orders").kind == .orders)
        #expect(try ImportMapping.preset(named: "shopify-orders").firstRowPerOrder)
        #expect(try ImportMapping.preset(named: "woocommerce-customers").kind == .customers)
        #expect { try ImportMapping.preset(named: "shopify-customer") } throws: { error in
            "\(error)".contains("no mapping preset is named \"shopify-customer\" (did you mean shopify-customers?)")
        }
    }
}
