import Foundation
import KeepsakeTestSupport
import Testing

/// `keepsake import orders`, `keepsake orders explain` and `unmatched`, and the redemption in
/// `keepsake coupons export`, against messages the daemon really sent through the capture server.
@Suite("keepsake orders", .serialized)
struct OrderAttributionCommandTests {
    @Test func ordersAreAttributedByCodeThenWindowAndExplained() throws {
        let fixture = try DaemonFixture(generated: 0, birthday: "05-10", samples: false)
        let customers = fixture.directory.appendingPathComponent("customers.csv")
        try """
            id,email,first_name,locale,timezone,calendar,birthday,consent,consent_at,consent_source
            d1,dara@keepsake.test,Dara,en,UTC,gregorian,1990-05-10,opted_in,2025-01-01T00:00:00Z,checkout checkbox
            d2,mina@keepsake.test,Mina,en,UTC,gregorian,1991-05-10,opted_in,2025-01-01T00:00:00Z,checkout checkbox
            """.write(to: customers, atomically: true, encoding: .utf8)
        try #require(try fixture.keepsake(["import", "customers", customers.path], files: false).status == 0)
        // Both birthday messages go out at 10:00 UTC on 2026-05-10, each with its code.
        #expect(try fixture.keepsake(["run", "--once", "--now", "2026-05-10T10:00:00Z"]).status == 0)
        let sent = try CouponExportTests().export(fixture, from: "2026-05-10", to: "2026-05-10", now: "2026-05-11T00:00:00Z")
        let dara = try #require(sent.rows.first { $0["customer"] == "d1" })
        #expect(dara["status"] == "sent" && dara["redeemed_by"] == "")
        let code = try #require(dara["code"])

        let orders = fixture.directory.appendingPathComponent("orders.csv")
        try """
            order_id,customer_id,email,created_at,total,currency,status,discount_codes,sku,title,quantity,price
            1001,d1,,2026-05-12T09:00:00Z,80.00,EUR,,\(code.lowercased()),SAF-10,Saffron tin,1,80.00
            1002,d2,,2026-05-17T10:00:00Z,40.00,EUR,,,,,,
            1003,d2,,2026-06-25T10:00:00Z,10.00,EUR,,SPRING5,,,,
            1004,,guest@keepsake.test,2026-05-13T10:00:00Z,15.00,EUR,,,,,,

            """.write(to: orders, atomically: true, encoding: .utf8)
        let campaigns = ["--campaigns", fixture.campaignsDirectory.path]
        let imported = try fixture.keepsake(["import", "orders", orders.path] + campaigns, files: false)
        try #require(imported.status == 0, "\(imported.standardError)")
        for line in [
            "orders applied: 3", "guest orders (customer unknown; stored and counted, see `keepsake orders unmatched`): 1",
            "attributed by coupon code: 1", "attributed by the attribution window: 1", "Keepsake codes redeemed: 1",
            "codes not Keepsake's (the shop's own): 1",
        ] {
            #expect(imported.standardOutput.contains("  \(line)\n"), "\(line)\n\(imported.standardOutput)")
        }

        func explain(_ order: String) throws -> String {
            let result = try fixture.keepsake(["orders", "explain", order] + campaigns, files: false)
            #expect(result.status == 0, "\(result.standardError)")
            return result.standardOutput
        }
        let byCode = try explain("1001")
        #expect(byCode.hasPrefix("order 1001: placed 2026-05-12T09:00:00Z, 80 EUR, counted, customer d1\n"), "\(byCode)")
        #expect(byCode.contains("line 1: 1 × Saffron tin [SAF-10] at 80\n"), "\(byCode)")
        #expect(byCode.contains(try Regex("attributed: coupon \(code) of delivery [0-9]+, birthday \\(segment everyone\\), sent 2026-05-10\n")),
                "\(byCode)")
        // Sent at 10:00 on 2026-05-10, ordered exactly 7 days later: still within the window.
        let byWindow = try explain("1002")
        #expect(byWindow.contains(try Regex("attributed: latest message within 7 days: delivery [0-9]+, birthday \\(segment everyone\\), sent 2026-05-10, 7 days before the order\n")),
                "\(byWindow)")
        let tooLate = try explain("1003")
        #expect(tooLate.contains(try Regex("not attributed: last Keepsake mail 2026-05-10 \\(delivery [0-9]+, birthday\\) is 46 days before, window 7 days\n")),
                "\(tooLate)")
        #expect(try explain("1004").contains("not attributed: a guest order (no stored customer) is attributed only by a Keepsake coupon code"))
        let unknown = try fixture.keepsake(["orders", "explain", "9999"] + campaigns, files: false)
        #expect(unknown.status == 1 && unknown.standardError.contains("no order has the id 9999"))

        let unmatched = try fixture.keepsake(["orders", "unmatched"], files: false)
        #expect(unmatched.standardOutput == "1004  2026-05-13T10:00:00Z  15  EUR  counted  guest@keepsake.test\n", "\(unmatched.standardOutput)")

        let after = try CouponExportTests().export(fixture, from: "2026-05-10", to: "2026-05-10", now: "2026-06-26T00:00:00Z")
        let redeemed = try #require(after.rows.first { $0["customer"] == "d1" })
        #expect((redeemed["redeemed_by"], redeemed["redeemed_at"]) == ("1001", "2026-05-12T09:00:00.000Z"))
        #expect(after.rows.first { $0["customer"] == "d2" }?["redeemed_by"] == "")

        // The same file again changes nothing.
        let again = try fixture.keepsake(["import", "orders", orders.path] + campaigns, files: false)
        #expect(again.standardOutput.contains("  orders already imported: 4\n"), "\(again.standardOutput)")
    }
}
