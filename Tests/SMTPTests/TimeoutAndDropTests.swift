import Foundation
import KeepsakeTestSupport
import SMTP
import Testing

/// Failures with no reply: which side of the end-of-data marker they fall on decides between
/// "try again" and "the relay may have it". These wait on real timeouts, so they run one at a time.
@Suite("Timeouts and dropped connections", .serialized)
struct TimeoutAndDropTests {
    @Test func connectionDroppedMidDataIsTransient() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        // Larger than every socket buffer on the way, so the drop lands before the end-of-data marker.
        let body = Array(repeating: Array("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\r\n".utf8), count: 96_000).flatMap { $0 }
        let outcome = try await SMTPTestSupport.sendOne(
            to: "drop-mid-data@example.com", configuration: SMTPTestSupport.configuration(for: server), body: body
        )
        #expect(outcome.verdict == .transient)
        #expect(outcome.stage == .data)
        #expect(outcome.reply == nil)
        #expect(try server.messages().isEmpty)
    }

    @Test func noReplyAfterEndOfDataIsUnknownNotRetryable() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(
            to: "no-reply-after-data@example.com",
            configuration: SMTPTestSupport.configuration(for: server, replyTimeout: .seconds(1), totalTimeout: .seconds(20))
        )
        #expect(outcome.verdict == .unknown)
        #expect(outcome.stage == .endOfData)
        #expect(outcome.reply == nil)
    }

    @Test func recipientReplySlowerThanTheTimeoutIsTransient() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(
            to: "slow-rcpt-4@example.com",
            configuration: SMTPTestSupport.configuration(for: server, replyTimeout: .seconds(1), totalTimeout: .seconds(20))
        )
        #expect(outcome.verdict == .transient)
        #expect(outcome.stage == .recipient)
        #expect(outcome.curlCode == 28) // CURLE_OPERATION_TIMEDOUT
    }

    @Test func connectionClosedWithoutReplyAtRecipientIsTransient() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(to: "drop-at-rcpt@example.com", configuration: SMTPTestSupport.configuration(for: server))
        #expect(outcome.verdict == .transient)
        #expect(outcome.stage == .recipient)
        #expect(outcome.reply == nil)
    }

    @Test func totalTimeoutWhileAwaitingTheVerdictIsUnknown() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(
            to: "slow-data-6@example.com",
            configuration: SMTPTestSupport.configuration(for: server, replyTimeout: .seconds(30), totalTimeout: .seconds(2))
        )
        #expect(outcome.verdict == .unknown)
        #expect(outcome.stage == .endOfData)
    }
}
