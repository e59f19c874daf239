import Foundation
import KeepsakeTestSupport
import SMTP
import Testing

@Suite("Connections: reuse, recovery, parallel senders")
struct ConnectionReuseTests {
    @Test func thousandMessagesTravelOverOneConnection() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let transport = try SMTPTransport(configuration: SMTPTestSupport.configuration(for: server), connections: 1)
        let recipients = (1...1000).map { "customer\($0)@example.com" }
        var delivered = 0
        for recipient in recipients {
            let outcome = await transport.send(
                try SMTPTestSupport.message(to: recipient, subject: "Order #\(recipient.prefix(12)) ✓ سفارش شما"),
                envelope: try SMTPTestSupport.envelope(recipient)
            )
            if outcome.verdict == .delivered { delivered += 1 }
        }
        await transport.shutdown()
        #expect(delivered == 1000)
        #expect(try server.connectionCount() == 1)
        let messages = try server.messages()
        #expect(messages.count == 1000)
        #expect(Set(messages.flatMap(\.recipients)) == Set(recipients))
        // Every message, checked by the independent parser.
        let checks = try MessageChecker.checkDirectory(server.spoolDirectory)
        #expect(checks.count == 1000)
        #expect(checks.allSatisfy { $0.defects.isEmpty && $0.lineProblems.isEmpty })
    }

    @Test func transientRecipientRejectionIsFollowedByANewConnection() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let transport = try SMTPTransport(configuration: SMTPTestSupport.configuration(for: server), connections: 1)
        var verdicts: [SMTPOutcome.Verdict] = []
        for recipient in ["first@example.com", "rcpt-451@example.com", "after@example.com", "again@example.com"] {
            verdicts.append(await transport.send(try SMTPTestSupport.message(to: recipient), envelope: try SMTPTestSupport.envelope(recipient)).verdict)
        }
        await transport.shutdown()
        #expect(verdicts == [.delivered, .transient, .delivered, .delivered])
        #expect(try server.connectionCount() == 2)
        #expect(try server.messages().flatMap(\.recipients) == ["first@example.com", "after@example.com", "again@example.com"])
    }

    @Test func retriedAddressIsDeliveredOnceTheRelayRecovers() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let transport = try SMTPTransport(configuration: SMTPTestSupport.configuration(for: server), connections: 1)
        let recipient = "rcpt-451-x2@example.com"
        var verdicts: [SMTPOutcome.Verdict] = []
        for _ in 1...3 {
            verdicts.append(await transport.send(try SMTPTestSupport.message(to: recipient), envelope: try SMTPTestSupport.envelope(recipient)).verdict)
        }
        await transport.shutdown()
        #expect(verdicts == [.transient, .transient, .delivered])
    }

    @Test func parallelSendersEachKeepTheirOwnConnection() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let transport = try SMTPTransport(configuration: SMTPTestSupport.configuration(for: server), connections: 4)
        let recipients = (1...200).map { "parallel\($0)@example.com" }
        let outcomes = try await withThrowingTaskGroup(of: SMTPOutcome.self) { group in
            for recipient in recipients {
                let message = try SMTPTestSupport.message(to: recipient)
                let envelope = try SMTPTestSupport.envelope(recipient)
                group.addTask { await transport.send(message, envelope: envelope) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        await transport.shutdown()
        #expect(outcomes.count == 200)
        #expect(outcomes.allSatisfy { $0.verdict == .delivered })
        #expect((1...4).contains(try server.connectionCount()))
        #expect(Set(try server.messages().flatMap(\.recipients)) == Set(recipients))
    }

    @Test func afterShutdownNothingIsSentAndTheCallerKeepsTheMessage() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let transport = try SMTPTransport(configuration: SMTPTestSupport.configuration(for: server), connections: 1)
        await transport.shutdown()
        let outcome = await transport.send(try SMTPTestSupport.message(to: "late@example.com"), envelope: try SMTPTestSupport.envelope("late@example.com"))
        #expect(outcome.verdict == .transient)
        #expect(try server.messages().isEmpty)
    }
}
