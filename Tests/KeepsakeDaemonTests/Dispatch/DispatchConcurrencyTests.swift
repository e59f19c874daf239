import Foundation
import KeepsakeTestSupport
import SMTP
import Store
import Testing
import Scheduler
@testable import KeepsakeDaemon
import PlannerTestSupport

/// Many connections at once against the real capture server: every delivery reaches the relay
/// exactly once and the ledger says so; throttling replies slow the pacer down without losing mail.
@Suite(.serialized) struct DispatchConcurrencyTests {
    /// A page and a quarter of deliveries: the tick records and sends them in two pages (a full one,
    /// then a part), over 16 connections. Exactly-once does not depend on the count beyond that; the
    /// 5,000-delivery day killed at random moments (KeepsakeCLITests' DaemonCrashTests) covers the size.
    static let deliveries = Dispatcher.pageSize + Dispatcher.pageSize / 4

    @Test func sixteenConnectionsDeliverMoreThanAPageOfMessagesEachExactlyOnce() async throws {
        let server = try CaptureServer.start()
        let customers = (0..<Self.deliveries).map { scripted(String(format: "c%04d", $0), nil) }
        let fixture = try DispatchFixture(customers)
        let pacer = Pacer()
        let report = try await fixture.tick(at: DispatchFixture.opening, relay: server.url, connections: 16, pacer: pacer)
        #expect(report.recorded == Self.deliveries)
        #expect(report.outcomes == ["sent": Self.deliveries])

        let rows = try fixture.store.deliveries(status: .sent, limit: 10_000)
        #expect(rows.count == Self.deliveries)
        let received = try server.receivedByMessageID()
        #expect(received.count == Self.deliveries, "distinct Message-IDs at the relay")
        #expect(received.values.allSatisfy { $0.count == 1 }, "a message received more than once")
        for row in rows {
            #expect(received[row.messageID] == [[row.email ?? "?"]], "\(row.messageID) for \(row.customerID ?? "?")")
        }
        let recipients = received.values.flatMap { $0.flatMap { $0 } }
        #expect(Set(recipients) == Set(customers.map(\.email.description)))
        let connections = try server.connectionCount()
        #expect((2...16).contains(connections), "\(connections) connections")
        #expect(await pacer.currentState() == .steady, "no throttling reply came")
        #expect(try MessageChecker.checkDirectory(server.spoolDirectory).allSatisfy(\.defects.isEmpty))
    }

    @Test func throttlingRepliesLowerThePacersRateAndEverythingStillArrives() async throws {
        let server = try CaptureServer.start()
        let plain = (0..<200).map { scripted(String(format: "p%03d", $0), nil) }
        // 421 (too many connections) is throttling; 451 Temporary lookup failure is only a temporary failure.
        let refusedOnce = [scripted("t1", "rcpt-421-x1"), scripted("t2", "rcpt-421-x1"), scripted("f1", "rcpt-451-x1"), scripted("f2", "rcpt-451-x1")]
        let fixture = try DispatchFixture(plain + refusedOnce)
        let pacer = Pacer(settings: PacingSettings(rate: try SendingRate(parsing: "400/s")))

        let first = try await fixture.tick(at: DispatchFixture.opening, relay: server.url, connections: 16, pacer: pacer)
        #expect(first.outcomes == ["sent": 200, "deferred": 4])
        switch await pacer.currentState() {
        case .throttled(_, let rate), .recovering(_, let rate):
            #expect(rate <= 200, "halved at least once from 400/s")
            #expect(rate >= 1)
        case .steady:
            Issue.record("the 421 replies did not slow the pacer down")
        }

        // The same pacer (the daemon's) sends the retries on a later tick.
        let retryAt = try refusedOnce.map { try fixture.row($0.id).nextAttemptAt }.max()!
        let second = try await fixture.tick(at: retryAt, relay: server.url, connections: 16, pacer: pacer)
        #expect(second.outcomes == ["sent": 4])
        for customer in plain + refusedOnce {
            #expect(try fixture.row(customer.id).status == .sent, "\(customer.id)")
        }
        let received = try server.receivedByMessageID()
        #expect(received.count == 204)
        #expect(received.values.allSatisfy { $0.count == 1 }, "a message received more than once")
        #expect(try server.recipientCommands(startingWith: "rcpt-421-x1") == 4, "two refused, two accepted")
    }
}

extension CaptureServer {
    /// The envelope recipients of each message the server stored, by the message's Message-ID.
    func receivedByMessageID() throws -> [String: [[String]]] {
        var received: [String: [[String]]] = [:]
        for message in try messages() {
            let header = String(decoding: message.raw.prefix(8_192), as: UTF8.self).components(separatedBy: "\r\n\r\n")[0]
            let line = header.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("message-id:") }
            let messageID = line.map { $0.dropFirst("message-id:".count).trimmingCharacters(in: .whitespaces) } ?? "none"
            received[messageID, default: []].append(message.recipients)
        }
        return received
    }
}
