import Foundation
import Inbound
import Testing

@Suite("ARF feedback reports (RFC 5965)") struct FeedbackReportTests {
    @Test("RFC 5965 B.1: the minimal report gives its three fields and the reported message's header")
    func minimalReport() throws {
        guard case .feedback(let report) = try InboundSamples.recognise("rfc5965-b1-simple-arf.eml") else {
            Issue.record("not recognised as a feedback report")
            return
        }
        #expect(report.feedbackType == "abuse")
        #expect(report.userAgent == "SomeGenerator/1.0")
        #expect(report.version == "1")
        #expect(report.originalRecipients.isEmpty)
        #expect(report.originalHeader?.value("Subject") == "Earn money")
        #expect(report.reference.originalMessageID == "<8787KJKJ3K4J3K4J3K4J3.mail@example.net>")
    }

    @Test("RFC 5965 B.2: a report about another sender's message names that sender and no Keepsake delivery")
    func completeReportAboutAnotherSender() throws {
        guard case .feedback(let report) = try InboundSamples.recognise("rfc5965-b2-complete-arf.eml") else {
            Issue.record("not recognised as a feedback report")
            return
        }
        #expect(report.feedbackType == "abuse")
        #expect(report.originalMailFrom == "<somespammer@example.net>")
        #expect(report.originalRecipients == ["<user@example.com>"])
        #expect(report.arrivalDate == "Thu, 8 Mar 2005 14:00:00 EDT")
        #expect(report.reportedDomain == "example.net")
        #expect(report.originalHeader?.value("From") == "<somespammer@example.net>")
        #expect(report.reference.verp == nil)
        #expect(report.reference.originalMessageID == "<8787KJKJ3K4J3K4J3K4J3.mail@example.net>")
    }

    @Test("a complaint about a Keepsake message gives the VERP token and the Message-ID of its text/rfc822-headers part")
    func keepsakeComplaint() throws {
        guard case .feedback(let report) = try InboundSamples.recognise("keepsake-complaint-opt-out.eml") else {
            Issue.record("not recognised as a feedback report")
            return
        }
        #expect(report.feedbackType == "opt-out")
        #expect(report.reference.verp?.address == "bounces+48213-k3m5x2q7ab@shop.example")
        #expect(report.reference.verp?.deliveryID == 48213)
        #expect(report.reference.verp?.signature == "k3m5x2q7ab")
        #expect(report.reference.originalMessageID == "<ks.0123456789abcdef0123456789abcdef@shop.example>")
        #expect(report.originalHeader?.value("To") == "customer@example.org")
    }
}
