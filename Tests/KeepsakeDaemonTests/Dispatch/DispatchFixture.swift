import Calendars
import Campaigns
import Foundation
import Glibc
import KeepsakeTestSupport
import Logging
import Mail
import SMTP
import Store
import Templates
import Testing
import Scheduler
@testable import KeepsakeDaemon
import PlannerTestSupport

/// A store of customers whose birthday is 10 May (Asia/Tehran, window 10:00–20:00), the birthday
/// campaign with the repository's real `templates/`, and dispatchers on real SMTP transports.
///
/// Customers' addresses carry the capture server's scripts: `rcpt-451-x2+sara@keepsake.test`
/// fails twice at RCPT, then is accepted (see Tests/Support/capture/replies.py).
final class DispatchFixture {
    /// The first tick of the birthday: the window opens at 10:00 Tehran time on 10 May 2026.
    static let opening = instant("2026-05-10T10:00:00+03:30")
    /// The window's close on that day: the end of a grace of 0 days.
    static let closing = instant("2026-05-10T20:00:00+03:30")
    static let envelopeSender = "bounces@shop.example"

    let planner: PlannerFixture
    let files: CampaignFiles
    var store: KeepsakeStore { planner.store }

    /// The store with `customers` (opted in) and the birthday campaign with `grace` days.
    init(_ customers: [CustomerRecord], grace: Int = 0) throws {
        planner = try PlannerFixture(customers)
        let campaigns = [campaign("birthday", birthday(), grace: grace)]
        let calendar = rules()
        let composer = try sampleComposer(campaigns)
        files = CampaignFiles(calendar: calendar, campaigns: campaigns, composer: composer)
    }

    /// Runs `body` with a dispatcher sending to `relay` over `connections` connections at the pace
    /// of `pacer`, then shuts the transport down (also when `body` throws).
    func withDispatcher<Result>(
        relay: String, replyTimeout: Duration = .seconds(10), credentials: SMTPConfiguration.Credentials? = nil,
        inDoubt: InDoubtPolicy = .hold, connections: Int = 1, pacer: Pacer = Pacer(),
        suppressionBreaker: SuppressionBreaker = .standard, campaignPause: CampaignPauseRule = .standard,
        _ body: (Dispatcher) async throws -> Result
    ) async throws -> Result {
        let configuration = try SMTPConfiguration(
            url: relay, startTLS: .off, heloName: "keepsake.test", credentials: credentials,
            connectTimeout: .seconds(5), replyTimeout: replyTimeout, totalTimeout: .seconds(30))
        let transport = try SMTPTransport(configuration: configuration, connections: connections)
        let dispatcher = Dispatcher(
            store: store, transport: transport,
            settings: .init(
                envelopeSender: Self.envelopeSender, inDoubt: inDoubt, suppressionBreaker: suppressionBreaker,
                campaignPause: campaignPause),
            logger: Logger(label: "keepsake.dispatch-tests") { _ in SwiftLogNoOpLogHandler() }, pacer: pacer)
        do {
            let result = try await body(dispatcher)
            await transport.shutdown()
            return result
        } catch {
            await transport.shutdown()
            throw error
        }
    }

    /// One tick at `now` on a dispatcher sending to `relay`.
    @discardableResult
    func tick(
        at now: Date, relay: String, replyTimeout: Duration = .seconds(10),
        credentials: SMTPConfiguration.Credentials? = nil, inDoubt: InDoubtPolicy = .hold,
        connections: Int = 1, pacer: Pacer = Pacer(), suppressionBreaker: SuppressionBreaker = .standard,
        campaignPause: CampaignPauseRule = .standard
    ) async throws -> TickReport {
        try await withDispatcher(
            relay: relay, replyTimeout: replyTimeout, credentials: credentials, inDoubt: inDoubt,
            connections: connections, pacer: pacer, suppressionBreaker: suppressionBreaker, campaignPause: campaignPause
        ) {
            try await $0.tick(now: now, files: files)
        }
    }

    /// The customer's only ledger row.
    func row(_ customerID: String) throws -> LedgerDelivery {
        let rows = try store.deliveries(customerIDs: [customerID])
        try #require(rows.count == 1, "\(customerID) has \(rows.count) ledger rows")
        return rows[0]
    }
}

/// A customer born on 10 May 1990 in Tehran whose address runs the capture server's `script`
/// (`rcpt-550`, `no-reply-after-data`, …), or a plain address when `script` is nil.
func scripted(_ id: String, _ script: String?) -> CustomerRecord {
    let local = script.map { "\($0)+\(id)" } ?? id
    return CustomerRecord(
        id: id, email: try! EmailAddress("\(local)@keepsake.test"), firstName: id.capitalized, locale: "en",
        timeZone: "Asia/Tehran", birthday: try! CalendarDate(parsing: "1990-05-10", in: .gregorian))
}

extension CaptureServer {
    /// The RCPT commands the server saw for addresses starting with `prefix`.
    func recipientCommands(startingWith prefix: String) throws -> Int {
        try events().count { $0.kind == "rcpt" && ($0.address ?? "").hasPrefix(prefix) }
    }

    /// Every message the server stored, checked by the independent parser: none may have defects.
    func expectWellFormedMessages(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        for check in try MessageChecker.checkDirectory(spoolDirectory) {
            #expect(check.defects.isEmpty, "\(check.file ?? "?"): \(check.defects)", sourceLocation: sourceLocation)
            #expect(check.lineProblems.isEmpty, "\(check.file ?? "?"): \(check.lineProblems)", sourceLocation: sourceLocation)
        }
    }
}

/// `smtp://127.0.0.1:PORT` for a port that nothing listens on: bound to find a free one, then closed.
func closedRelayURL() throws -> String {
    "smtp://127.0.0.1:\(try LoopbackPort.free())"
}
