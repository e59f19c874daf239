import Foundation
import Store
import StrictYAML
import Testing
@testable import CustomerImport

@Suite("Mapping files")
struct MappingTests {
    /// The description of the error reading `yaml` as mapping.yaml.
    private func error(_ yaml: String) -> String? {
        do {
            _ = try ImportMapping(yaml: yaml, file: "mapping.yaml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test func theFieldNamesAreTheOwnFormatsColumnsInOrder() throws {
        let sampleHeader = try #require(try String(contentsOfFile: ImportFixture.samplePath, encoding: .utf8)
            .split(separator: "\n").first).split(separator: ",").map(String.init)
        #expect(CustomerField.allCases.map(\.name) == sampleHeader + ["consent_ip", "consent_wording", "topics_left"])
        #expect(CustomerField.allCases.map(\.ordinal) == Array(0..<CustomerField.allCases.count))
        #expect(OrderField.allCases.map(\.name) == [
            "order_id", "customer_id", "email", "created_at", "total", "currency", "status", "discount_codes",
            "product_id", "sku", "title", "quantity", "price", "cancelled_at", "line_total", "refunded_amount",
        ])
        #expect(CustomerField(name: "first_name") == .firstName && CustomerField(name: "firstName") == nil)
    }

    @Test func garbageIsReportedAtFileLineAndColumn() {
        let unclosed = error("kind: customers\ncolumns:\n  Email: [email\n")
        #expect(unclosed?.hasPrefix("mapping.yaml:3:10: this [ list is not closed") == true, "\(unclosed ?? "no error")")
        #expect(error("kind: customers\ncolums:\n  Email: email\n")
            == "mapping.yaml:2:1: colums: unknown key (did you mean columns?)")
        #expect(error("kind: customer\n")?.hasPrefix("mapping.yaml:1:7: kind: ") == true)
        #expect(error("columns:\n  Email: email\n")?.hasPrefix("mapping.yaml:1:1: kind: missing") == true)
        #expect(error("- kind\n- customers\n")?.hasPrefix("mapping.yaml:1:1: ") == true)
    }

    @Test func aTargetThatIsNotAFieldIsRefusedWithASuggestion() throws {
        let message = try #require(error("kind: customers\ncolumns:\n  E-mail: emial\n"))
        #expect(message.hasPrefix("mapping.yaml:3:11: columns.E-mail: \"emial\" is not a Keepsake customer field (did you mean email?)"))
        let orders = try #require(error("kind: orders\ncolumns:\n  Total: total_spent\n"))
        #expect(orders.hasPrefix("mapping.yaml:3:10: columns.Total: \"total_spent\" is not a Keepsake order field"))
    }

    @Test func aFieldMappedFromTwoColumnsIsRefusedAtTheSecond() {
        #expect(error("kind: customers\ncolumns:\n  Email: email\n  E-mail: email\n")
            == "mapping.yaml:4:11: columns.E-mail: email is already the target of column \"Email\"; map each Keepsake field from one column only")
    }

    @Test func valuesAndDefaultsNameKeepsakeFields() {
        #expect(error("kind: customers\nvalues:\n  consnet:\n    yes: opted_in\n")
            == "mapping.yaml:3:3: values.consnet: unknown key (did you mean consent?)")
        #expect(error("kind: customers\ndefaults:\n  source: shop\n")?.hasPrefix("mapping.yaml:3:3: defaults.source: unknown key") == true)
        #expect(error("kind: customers\nattributes:\n  Mail: email\n")?.hasPrefix("mapping.yaml:3:9: attributes.Mail: email is a Keepsake field") == true)
        #expect(error("kind: customers\nfirst_row_per_order: true\n")?.hasPrefix("mapping.yaml:2:22: first_row_per_order: ") == true)
        #expect(error("kind: orders\nfirst_row_per_order: yes\n")?.hasPrefix("mapping.yaml:2:22: first_row_per_order: ") == true)
    }

    @Test func aMappingFileTranslatesValuesWithoutRegardToCase() throws {
        let fixture = try ImportFixture()
        let mappingPath = try fixture.write("""
            kind: customers
            columns:
              Customer: id
              Mail: email
              Subscribed: consent
              Labels: tags
            values:
              consent: { "yes": opted_in, "no": opted_out, "true": opted_in, "false": opted_out }
            tag_separator: "|"
            defaults:
              consent_source: spring newsletter form
              consent_at: 2024-03-20
            """, to: "mapping.yaml")
        let mapping = try ImportMapping(contentsOfFile: mappingPath)
        let path = try fixture.write("Customer,Mail,Subscribed,Labels,Shoe Size\n1,a@example.com,YES,vip| new ,42\n2,b@example.com,False,,\n3,c@example.com,,,\n", to: "list.csv")
        let report = try fixture.importCustomers(path, mapping: mapping)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.consentRecorded == 2)
        let first = try #require(try fixture.store.customer(idOrEmail: "1"))
        #expect(first.tags == ["vip", "new"])
        #expect(first.attributes == ["Shoe Size": "42"])
        #expect(try fixture.store.currentConsent(email: first.email) == .optedIn)
        let second = try #require(try fixture.store.customer(idOrEmail: "2"))
        #expect(try fixture.store.currentConsent(email: second.email) == .optedOut)
        let third = try #require(try fixture.store.customer(idOrEmail: "3"))
        #expect(try fixture.store.currentConsent(email: third.email) == nil)
        #expect(try fixture.store.consentLog(email: first.email).first?.source == "spring newsletter form")
    }

    @Test func aHeaderWithoutTheMappedEmailColumnIsRefusedBeforeAnyRow() throws {
        let fixture = try ImportFixture()
        let path = try fixture.write("Customer ID,First Name\n1,Sara\n", to: "no-email.csv")
        let report = try fixture.importCustomers(path, mapping: try .preset(named: "shopify-customers"))
        #expect(report.problems.map(\.description) == [
            "no-email.csv:1: header: no column holds email: the header needs a column \"Email\" (mapped to email by shopify-customers)",
        ])
        #expect(report.rowsRead == 0)
    }
}
