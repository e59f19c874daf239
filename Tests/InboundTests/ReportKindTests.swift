import Foundation
import Inbound
import Testing

@Suite("DSNs, auto-replies and mailed unsubscribes") struct ReportKindTests {
    @Test("a DSN to a VERP address gives each recipient's fields, the token and the returned Message-ID")
    func deliveryStatusToVERP() throws {
        guard case .deliveryStatus(let report) = try InboundSamples.recognise("keepsake-dsn-verp.eml") else {
            Issue.record("not recognised as a DSN")
            return
        }
        #expect(report.reference.verp?.deliveryID == 48213)
        #expect(report.reference.verp?.signature == "k3m5x2q7ab")
        #expect(report.reference.originalMessageID == "<ks.0123456789abcdef0123456789abcdef@shop.example>")
        #expect(report.reportingMTA == "dns; mx.example.org")
        #expect(report.recipients.count == 2)
        let gone = try #require(report.recipients.first)
        #expect(gone.address == "gone@example.org")
        #expect(gone.status == "5.1.1")
        #expect(gone.failure == .permanent)
        #expect(gone.remoteMTA == "dns; in.example.org")
        #expect(gone.diagnosticCode == "smtp; 550 5.1.1 <gone@example.org>: Recipient address    rejected: User unknown")
        #expect(report.recipients.last?.failure == .temporary)
        #expect(report.recipients.last?.originalRecipient == nil)
    }

    @Test("a bounce of a bounce is the outer DSN, about the inner bounce, with no VERP token")
    func bounceOfABounce() throws {
        guard case .deliveryStatus(let report) = try InboundSamples.recognise("bounce-of-a-bounce.eml") else {
            Issue.record("not recognised as a DSN")
            return
        }
        #expect(report.recipients.map(\.address) == ["postmaster@mx.example.org"])
        #expect(report.reference.verp == nil)
        #expect(report.reference.originalMessageID == "<inner-bounce-7@mx.example.org>")
    }

    @Test("an out-of-office reply in Windows-1252 is an auto-reply, even though it names a delivery")
    func outOfOffice() throws {
        guard case .autoReply(let reply) = try InboundSamples.recognise("out-of-office.eml") else {
            Issue.record("not recognised as an auto-reply")
            return
        }
        #expect(reply.reason == "Auto-Submitted: auto-replied")
        #expect(reply.reference.verp?.deliveryID == 48213)
    }

    @Test("mail to unsubscribe+TOKEN@ is an unsubscribe request with that token")
    func unsubscribeWithAddressToken() throws {
        guard case .unsubscribe(let request) = try InboundSamples.recognise("mailto-unsubscribe.eml") else {
            Issue.record("not recognised as an unsubscribe request")
            return
        }
        #expect(request.address == "unsubscribe+u7dj3kq9zxw2mpp4rty6@shop.example")
        #expect(request.token == "u7dj3kq9zxw2mpp4rty6")
        #expect(request.sender == "customer@example.org")
    }

    @Test("mail to the plain unsubscribe address takes the token from its subject")
    func unsubscribeWithSubjectToken() throws {
        guard case .unsubscribe(let request) = try InboundSamples.recognise("mailto-unsubscribe-subject-token.eml") else {
            Issue.record("not recognised as an unsubscribe request")
            return
        }
        #expect(request.address == "unsubscribe@shop.example")
        #expect(request.token == "U7dJ3kq9ZxW2mPp4RtY6")
    }

    @Test("without an unsubscribe address configured, the same mail is unrecognised")
    func unsubscribeNeedsAddress() throws {
        let report = InboundRecogniser().recognise(try InboundSamples.bytes("mailto-unsubscribe.eml"))
        guard case .unrecognised(let message) = report else {
            Issue.record("expected unrecognised")
            return
        }
        #expect(message.subject == "unsubscribe")
    }

    @Test("VERP tokens of another base address, or malformed, are not read")
    func verpTokenRules() throws {
        let other = InboundRecogniser(bounceAddress: "returns@shop.example")
        guard case .deliveryStatus(let report) = other.recognise(try InboundSamples.bytes("keepsake-dsn-verp.eml")) else {
            Issue.record("not recognised as a DSN")
            return
        }
        #expect(report.reference.verp == nil)
        for forged in ["bounces+048213-k3m5x2q7ab", "bounces+48213-k3m5x2q7a1", "bounces+48213-k3m5x2q7abc", "bounces+48213"] {
            let message = Array("From: MAILER-DAEMON@example.org\nTo: \(forged)@shop.example\nSubject: hello\n\nhi\n".utf8)
            guard case .unrecognised(let unrecognised) = InboundSamples.recogniser.recognise(message) else {
                Issue.record("\(forged): not unrecognised")
                continue
            }
            #expect(unrecognised.reference.verp == nil, "\(forged)")
        }
    }
}
