import SMTP
import Testing

/// The table of ``PermanentFailureRule``: which permanent failures suppress the recipient, which
/// pause all sending, and which fail one delivery only.
@Suite struct PermanentFailureRuleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let stage: SMTPStage
        let line: String?
        let rule: PermanentFailureRule
        var testDescription: String { "\(stage) \(line ?? "no reply") → \(rule.rawValue)" }
    }

    @Test(arguments: [
        // The issue's relay: the sender's domain refused at MAIL FROM suppresses nobody.
        Case(stage: .mailFrom, line: "553 5.1.8 <hello@shop.example>: Sender address rejected: Domain not found", rule: .pauseSending),
        Case(stage: .mailFrom, line: "550 5.1.1 <hello@shop.example>: Sender address rejected: User unknown", rule: .pauseSending),
        Case(stage: .mailFrom, line: "550 Sender rejected", rule: .pauseSending),
        Case(stage: .authentication, line: "535 5.7.8 Authentication credentials invalid", rule: .pauseSending),
        Case(stage: .authentication, line: nil, rule: .pauseSending),
        Case(stage: .hello, line: "554 5.5.1 Error: no valid recipients", rule: .pauseSending),
        Case(stage: .connect, line: "554 5.3.2 No SMTP service here", rule: .pauseSending),
        Case(stage: .tls, line: nil, rule: .pauseSending),
        // The recipient's address itself.
        Case(stage: .recipient, line: "550 5.1.1 <sara@example.com>: Recipient address rejected: User unknown", rule: .suppressRecipient),
        Case(stage: .recipient, line: "550 5.1.2 <sara@nowhere.example>: Host or domain name not found", rule: .suppressRecipient),
        Case(stage: .recipient, line: "553 5.1.3 <sara@@example.com>: Bad recipient address syntax", rule: .suppressRecipient),
        Case(stage: .recipient, line: "551 5.1.6 <sara@example.com>: User not local", rule: .suppressRecipient),
        Case(stage: .recipient, line: "556 5.1.10 <sara@example.com>: Recipient address has null MX", rule: .suppressRecipient),
        Case(stage: .recipient, line: "550 5.2.1 <sara@example.com>: Mailbox disabled", rule: .suppressRecipient),
        Case(stage: .recipient, line: "550 User unknown", rule: .suppressRecipient),
        Case(stage: .recipient, line: "550", rule: .suppressRecipient),
        Case(stage: .endOfData, line: "550 5.1.1 <sara@example.com>: No such user", rule: .suppressRecipient),
        // The sender or the relay's policy, even at RCPT or after the message.
        Case(stage: .recipient, line: "553 5.1.8 <hello@shop.example>: Sender address rejected: Domain not found", rule: .pauseSending),
        Case(stage: .recipient, line: "550 5.1.7 <hello@shop.example>: Sender address rejected: bad syntax", rule: .pauseSending),
        Case(stage: .recipient, line: "554 5.7.1 <sara@example.com>: Relay access denied", rule: .pauseSending),
        Case(stage: .recipient, line: "550 5.7.1 <sara@example.com>: Recipient address rejected: Access denied", rule: .pauseSending),
        Case(stage: .endOfData, line: "550 5.7.26 Unauthenticated email is not accepted (DMARC)", rule: .pauseSending),
        // One message failed; the address may be fine.
        Case(stage: .recipient, line: "552 5.2.2 <sara@example.com>: Mailbox full", rule: .failDelivery),
        Case(stage: .recipient, line: "550 5.1.0 <sara@example.com>: Address rejected", rule: .failDelivery),
        Case(stage: .recipient, line: "550 5.1.4 <sara@example.com>: Ambiguous destination", rule: .failDelivery),
        Case(stage: .recipient, line: "550 5.0.0 <sara@example.com>: Rejected", rule: .failDelivery),
        Case(stage: .recipient, line: "550 5.1.11 <sara@example.com>: Unforeseen", rule: .failDelivery),
        Case(stage: .endOfData, line: "552 5.3.4 Message size exceeds fixed maximum message size", rule: .failDelivery),
        Case(stage: .endOfData, line: "554 Transaction failed", rule: .failDelivery),
        Case(stage: .data, line: "554 5.6.0 Bad content", rule: .failDelivery),
    ])
    func eachPermanentFailureHasOneRule(_ expected: Case) {
        let reply = expected.line.flatMap(SMTPReply.init(line:))
        #expect(PermanentFailureRule.action(stage: expected.stage, reply: reply) == expected.rule)
        let outcome = SMTPOutcome(verdict: .permanent, stage: expected.stage, reply: reply, curlCode: 55, detail: "")
        #expect(outcome.permanentFailureRule == expected.rule)
    }

    @Test func onlyPermanentFailuresHaveARule() {
        for verdict in [SMTPOutcome.Verdict.delivered, .transient, .unknown] {
            let outcome = SMTPOutcome(
                verdict: verdict, stage: .recipient, reply: SMTPReply(line: "550 5.1.1 No such user"), curlCode: 0, detail: "")
            #expect(outcome.permanentFailureRule == nil)
            #expect(!outcome.isRecipientFailure && !outcome.isConfigurationFailure)
        }
    }
}
