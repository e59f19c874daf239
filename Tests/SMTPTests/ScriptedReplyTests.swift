import Foundation
import KeepsakeTestSupport
import SMTP
import Testing

/// Every scripted reply of the capture server, classified through the real transport.
@Suite("Reply classification against a real SMTP server")
struct ScriptedReplyTests {
    @Test func deliveredMessageArrivesIntactWithTheRelaysReply() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(to: "sara@example.com", configuration: SMTPTestSupport.configuration(for: server))
        #expect(outcome.verdict == .delivered)
        #expect(outcome.stage == .endOfData)
        #expect(outcome.reply?.code == 250)
        let captured = try server.messages()
        #expect(captured.count == 1)
        let message = try #require(captured.first)
        #expect(message.mailFrom == SMTPTestSupport.sender)
        #expect(message.recipients == ["sara@example.com"])
        let check = try MessageChecker.check(message.raw, expecting: SMTPTestSupport.defaultMessageExpectation)
        #expect(check.defects.isEmpty)
        #expect(check.lineProblems.isEmpty)
        #expect(check.mismatches.isEmpty)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let localPart: String
        let verdict: SMTPOutcome.Verdict
        let stage: SMTPStage
        let code: Int
        let recipientFailure: Bool
        var testDescription: String { "\(localPart) → \(verdict) at \(stage)" }
    }

    @Test(arguments: [
        Case(localPart: "rcpt-421", verdict: .transient, stage: .recipient, code: 421, recipientFailure: false),
        Case(localPart: "rcpt-451", verdict: .transient, stage: .recipient, code: 451, recipientFailure: false),
        Case(localPart: "rcpt-452", verdict: .transient, stage: .recipient, code: 452, recipientFailure: false),
        Case(localPart: "rcpt-550", verdict: .permanent, stage: .recipient, code: 550, recipientFailure: true),
        Case(localPart: "rcpt-552", verdict: .permanent, stage: .recipient, code: 552, recipientFailure: false),
        Case(localPart: "rcpt-553", verdict: .permanent, stage: .recipient, code: 553, recipientFailure: true),
        Case(localPart: "rcpt-554", verdict: .permanent, stage: .recipient, code: 554, recipientFailure: true),
        Case(localPart: "relay-denied-at-rcpt", verdict: .permanent, stage: .recipient, code: 554, recipientFailure: false),
        Case(localPart: "data-421", verdict: .transient, stage: .endOfData, code: 421, recipientFailure: false),
        Case(localPart: "data-451", verdict: .transient, stage: .endOfData, code: 451, recipientFailure: false),
        Case(localPart: "data-452", verdict: .transient, stage: .endOfData, code: 452, recipientFailure: false),
        Case(localPart: "data-550", verdict: .permanent, stage: .endOfData, code: 550, recipientFailure: false),
        Case(localPart: "data-552", verdict: .permanent, stage: .endOfData, code: 552, recipientFailure: false),
        Case(localPart: "data-553", verdict: .permanent, stage: .endOfData, code: 553, recipientFailure: false),
        Case(localPart: "data-554", verdict: .permanent, stage: .endOfData, code: 554, recipientFailure: false),
    ])
    func scriptedReplyIsClassifiedWithItsStageAndFullLine(_ expected: Case) async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(
            to: "\(expected.localPart)@example.com", configuration: SMTPTestSupport.configuration(for: server)
        )
        #expect(outcome.verdict == expected.verdict)
        #expect(outcome.stage == expected.stage)
        let reply = try #require(outcome.reply)
        #expect(reply.code == expected.code)
        // The full line with its enhanced status code, e.g. "550 5.1.1 <…>: Recipient address rejected".
        #expect(reply.enhancedStatus?.first == String(expected.code).first)
        #expect(reply.line.count > 10)
        #expect(outcome.isRecipientFailure == expected.recipientFailure)
        #expect(try server.messages().isEmpty)
    }

    @Test func relayRefusingTheSenderIsAConfigurationFailure() async throws {
        let server = try CaptureServer.start(.init(mailFromReject: "550"))
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(to: "sara@example.com", configuration: SMTPTestSupport.configuration(for: server))
        #expect(outcome.verdict == .permanent)
        #expect(outcome.stage == .mailFrom)
        #expect(outcome.reply?.code == 550)
        #expect(outcome.isConfigurationFailure)
        #expect(!outcome.isRecipientFailure)
    }

    @Test func greetingOf421IsTransientAtConnect() async throws {
        let server = try CaptureServer.start(.init(greetingCode: 421))
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(to: "sara@example.com", configuration: SMTPTestSupport.configuration(for: server))
        #expect(outcome.verdict == .transient)
        #expect(outcome.stage == .connect)
        #expect(outcome.reply?.code == 421)
    }

    @Test func relayThatIsNotListeningIsTransientAtConnect() async throws {
        let server = try CaptureServer.start()
        let configuration = try SMTPTestSupport.configuration(for: server)
        server.stop()
        let outcome = try await SMTPTestSupport.sendOne(to: "sara@example.com", configuration: configuration)
        #expect(outcome.verdict == .transient)
        #expect(outcome.stage == .connect)
        #expect(outcome.reply == nil)
    }
}
