import Calendars
import Configuration
import Foundation
import KeepsakeTestSupport
import Mail
import PostgresStore
import Store
import Testing
@testable import Reports

/// The report's figures against an independent computation: a seeded generated shop with a known
/// effect (Shop/generate_shop.py), loaded into a real store, and every figure computed again from
/// the same CSVs by Shop/compute_figures.py; the report's JSON agrees with it at its printed precision,
/// on SQLite and on PostgreSQL (the tests' own server, KeepsakeTestSupport's PostgresServer).
@Suite struct ShopReportTests {
    static let shopFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Shop")

    @Test(arguments: StoreEngine.allCases, [18, 2026])
    func everyFigureAgreesWithTheIndependentComputation(engine: StoreEngine, seed: Int) throws {
        let shop = try GeneratedShop(seed: seed, engine: engine)
        defer { shop.remove() }
        let (report, differences) = try Self.reportAgainstOracle(shop)
        #expect(differences == [])
        // The known effect shows: mailed customers convert more often than the held-out ones.
        let birthday = try #require(report.campaigns.first { $0.campaignID == "birthday" && $0.segment == "everyone" })
        #expect(birthday.conversion.difference! > 0)
        #expect(birthday.heldOut > 0 && birthday.sent > 0 && birthday.unsubscribes > 0 && birthday.bounced > 0)
        // Orders come attributed both ways, and the birthday codes are redeemed; win-back issues no codes.
        #expect(birthday.attributedOrders > birthday.redemptions && birthday.redemptions > 0)
        let winBack = try #require(report.campaigns.first { $0.campaignID == "winback-1" })
        #expect(winBack.attributedOrders > 0 && winBack.redemptions == 0)
    }

    @Test func theCSVAndTheTextCarryTheJSONsFigures() throws {
        let shop = try GeneratedShop(seed: 18)
        defer { shop.remove() }
        let request = ReportRequest(days: try LocalDate(parsing: "2026-03-01")...LocalDate(parsing: "2026-03-31"), winBackCampaigns: ["winback-1"])
        let report = try ReportBuilder(store: shop.store).build(request)
        let document = ReportJSON.document(report)
        let lines = ReportText.csv(report).components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("campaign,segment,eligible,sent,held_out,"))
        for (index, row) in document.campaigns.enumerated() {
            let fields = lines[index + 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(fields[0] == row.campaign && fields[1] == row.segment && fields[3] == "\(row.sent)" && fields[4] == "\(row.held_out)")
            #expect(fields[16] == row.p_value.map { "\($0)" } ?? "")
            try #require(fields.count == 22)
            #expect(fields[19...21] == ["\(row.attributed_orders)", "\(row.attributed_revenue["EUR"]!) EUR", "\(row.redemptions)"])
        }
        #expect(lines.contains("churn_rate,\(document.retention.churn_rate!)"))
        let english = ReportText.text(report, locale: .english)
        #expect(english.contains("Held out") && english.contains("birthday") && english.contains("%"))
        #expect(english.contains("Attributed orders") && english.contains("Attributed revenue") && english.contains("Redemptions"))
        let vip = try #require(report.campaigns.first { $0.campaignID == "birthday" && $0.segment == "vip" })
        let vipLine = try #require(english.split(separator: "\n").first { $0.hasPrefix("birthday ") && $0.contains(" vip ") })
        #expect(vipLine.contains(" \(vip.attributedOrders) ") && vipLine.contains(" EUR ") && vipLine.contains(" \(vip.redemptions) "))
        let persian = ReportText.text(report, locale: .persian)
        let customers = LocaleFormatterDigits.persian(report.retention.customers)
        #expect(persian.contains("گروه کنترل") && persian.contains(customers), "\(customers)")
    }

    /// Numbers agree within one unit of the decimals the report prints (a value exactly halfway may
    /// round either way from two binary computations); everything else exactly.
    /// March 2026's report of `shop` (win-back campaign `winback-1`), and where its JSON differs from
    /// compute_figures.py's figures for the same files.
    static func reportAgainstOracle(_ shop: GeneratedShop) throws -> (Report, [String]) {
        let request = ReportRequest(days: try LocalDate(parsing: "2026-03-01")...LocalDate(parsing: "2026-03-31"), winBackCampaigns: ["winback-1"])
        let report = try ReportBuilder(store: shop.store).build(request)
        let actual = try JSONSerialization.jsonObject(with: try ReportJSON.data(report))
        let expected = try JSONSerialization.jsonObject(with: try shop.python(
            "compute_figures.py", shop.folder.path, "2026-03-01", "2026-03-31", "180", "winback-1"))
        var differences: [String] = []
        compare(actual, expected, path: "", into: &differences)
        return (report, differences)
    }

    static func compare(_ actual: Any, _ expected: Any, path: String, into differences: inout [String]) {
        switch (actual, expected) {
        case let (actual as [String: Any], expected as [String: Any]):
            for key in Set(actual.keys).union(expected.keys).sorted() {
                // The report's JSON leaves out a figure that has no value; the oracle writes null.
                if actual[key] == nil, expected[key] is NSNull { continue }
                guard let left = actual[key], let right = expected[key] else {
                    differences.append("\(path).\(key): only in \(actual[key] == nil ? "the oracle" : "the report")")
                    continue
                }
                compare(left, right, path: path + "." + key, into: &differences)
            }
        case let (actual as [Any], expected as [Any]):
            guard actual.count == expected.count else {
                differences.append("\(path): \(actual.count) elements, the oracle \(expected.count)")
                return
            }
            for index in actual.indices { compare(actual[index], expected[index], path: "\(path)[\(index)]", into: &differences) }
        case let (actual as NSNumber, expected as NSNumber):
            let places = max(decimals(actual), decimals(expected))
            if abs(actual.doubleValue - expected.doubleValue) > pow(10, -Double(places)) * 1.000001 {
                differences.append("\(path): report \(actual), oracle \(expected)")
            }
        case (is NSNull, is NSNull):
            break
        case let (actual as String, expected as String) where actual == expected:
            break
        default:
            differences.append("\(path): report \(actual), oracle \(expected)")
        }
    }

    static func decimals(_ number: NSNumber) -> Int {
        let text = "\(number)"
        return text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
    }
}

/// A whole number in Persian digits with the Arabic thousands separator, written out independently.
enum LocaleFormatterDigits {
    static func persian(_ value: Int) -> String {
        var grouped = String(value)
        var index = grouped.count - 3
        while index > 0 {
            grouped.insert("\u{066C}", at: grouped.index(grouped.startIndex, offsetBy: index))
            index -= 3
        }
        return String(grouped.unicodeScalars.map { ("0"..."9").contains($0) ? Character(Unicode.Scalar($0.value - 0x30 + 0x06F0)!) : Character($0) })
    }
}

/// The generated shop's CSVs in a scratch folder, loaded into a fresh store: a SQLite file in that
/// folder, or a fresh database on the tests' PostgreSQL server.
struct GeneratedShop {
    let folder: URL
    let store: KeepsakeStore

    init(seed: Int, engine: StoreEngine = .sqlite) throws {
        try self.init(engine: engine) { shop in _ = try shop.python("generate_shop.py", "\(seed)", shop.folder.path) }
    }

    /// A shop of hand-written CSVs (file name to contents, in generate_shop.py's columns), and
    /// forgotten.csv (customer_id) naming customers forgotten once everything is loaded.
    init(files: [String: String], engine: StoreEngine = .sqlite) throws {
        try self.init(engine: engine) { shop in
            for (name, contents) in files {
                try contents.write(to: shop.folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
    }

    private init(engine: StoreEngine, writing write: (GeneratedShop) throws -> Void) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-report-shop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        switch engine {
        case .sqlite:
            store = try KeepsakeStore(path: folder.appendingPathComponent("keepsake.sqlite").path)
        case .postgresql:
            let server = try PostgresServer.shared().makeDatabase()
            let settings = PostgresSettings(
                host: server.host, port: server.port, user: server.user, database: server.name, password: server.password, tls: .off)
            store = try KeepsakeStore(database: try PostgresStoreDatabase(settings: settings), location: settings.url)
        }
        try write(self)
        try load()
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs one of Shop/'s scripts with Debian's python3 and returns its standard output.
    func python(_ script: String, _ arguments: String...) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [ShopReportTests.shopFolder.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ScriptFailure(script: script, status: process.terminationStatus) }
        return data
    }

    struct ScriptFailure: Error {
        let script: String
        let status: Int32
    }

    /// The rows of one CSV (no quoted fields: the generator writes none), without its header.
    func rows(_ name: String) throws -> [[String]] {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Customers first, then the ledger (sent rows go through a real claim and outcome, so they have
    /// their `sent_at`; birthday rows their reserved code), then the orders, attributed as they import.
    private func load() throws {
        let customers = try rows("customers.csv")
        let orders = try rows("orders.csv")
        let optOuts = try rows("opt_outs.csv")
        // Keyed by the id's bytes: two spellings of "ä" are two customers (Swift's strings call them equal).
        let addresses = Dictionary(uniqueKeysWithValues: customers.map { (Array($0[0].utf8), try! EmailAddress($0[1])) })
        let emails = { (customerID: String) in addresses[Array(customerID.utf8)] }
        try store.importSession(commit: true, recordedBy: "report tests") { session in
            for row in customers {
                _ = try session.upsert(CustomerRecord(id: row[0], email: emails(row[0])!))
                let optIn = ConsentObservation(status: .optedIn, occurredAt: Date(timeIntervalSince1970: 1_700_000_000), source: "checkout checkbox")
                _ = try session.observeConsent(optIn, email: emails(row[0])!, customerID: row[0])
            }
        }
        try loadDeliveries()
        try store.importSession(commit: true, recordedBy: "report tests") { session in
            for row in orders {
                _ = try session.recordOrder(OrderRecord(
                    orderID: row[0], customerID: row[1], createdAt: try PointInTime(parsing: row[2]), total: Decimal(string: row[3])!,
                    currency: row[4], status: OrderStatus(rawValue: row[6])!, discountCodes: row[5].split(separator: " ").map(String.init)))
            }
            for row in optOuts {
                guard case .instant(let moment) = try PointInTime(parsing: row[1]) else { continue }
                let optOut = ConsentObservation(status: .optedOut, occurredAt: moment, source: "one-click unsubscribe")
                _ = try session.observeConsent(optOut, email: emails(row[0])!, customerID: row[0])
            }
        }
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("forgotten.csv").path) {
            for row in try rows("forgotten.csv") { _ = try store.forget(email: emails(row[0])!) }
        }
    }

    private func loadDeliveries() throws {
        let utc = TimeZone(identifier: "UTC")!
        let rows = try rows("deliveries.csv")
        var codes: [OccurrenceID: String] = [:]
        let deliveries = try rows.map { row in
            guard case .instant(let sendAt) = try PointInTime(parsing: row[5]) else { fatalError("send_at \(row[5])") }
            let day = try LocalDate(parsing: row[4])
            if !row[6].isEmpty { codes[OccurrenceID(campaignID: row[0], customerID: row[2], date: day)] = row[6] }
            let status = LedgerStatus(rawValue: row[3])!
            return LedgerDelivery(
                campaignID: row[0], customerID: row[2], occurrenceDate: day, day: day, email: "\(row[2])@shop.example",
                segment: row[1], template: row[0], locale: "en", timeZone: utc, years: nil, sendAt: sendAt,
                expiresAt: sendAt + 86_400, messageID: "<\(row[0]).\(row[2])@shop.example>", couponCode: row[6].isEmpty ? nil : row[6],
                status: status == .sent ? .planned : status, plannedAt: sendAt - 86_400)
        }
        let reserved = try store.reserveCouponCodes(Array(codes.keys), reservedBy: "report tests", now: Date(timeIntervalSince1970: 1_770_000_000)) { occurrence, _ in
            codes[occurrence]!
        }
        precondition(reserved == codes, "the generated shop's codes are unique")
        let sent = Set(rows.indices.filter { rows[$0][3] == "sent" })
        try store.recordPlanned(deliveries.indices.filter { !sent.contains($0) }.map { deliveries[$0] })
        for delivery in try store.recordDue(sent.sorted().map { deliveries[$0] }) {
            _ = try store.claim(delivery.id, now: delivery.sendAt)
            try store.recordOutcome(delivery.id, .sent(reply: "250 2.0.0 Ok", stage: "end_of_data"), now: delivery.sendAt)
        }
    }
}
