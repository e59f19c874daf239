import Testing
@testable import SMTP

@Suite("SMTP reply lines")
struct SMTPReplyTests {
    @Test(arguments: [
        ("550 5.1.1 <bob@example.com>: Recipient address rejected", 550, "5.1.1"),
        ("451 4.3.0 Temporary lookup failure", 451, "4.3.0"),
        ("250 2.0.0 Ok: queued as 4XyZ", 250, "2.0.0"),
        ("535 5.7.8 Authentication credentials invalid", 535, "5.7.8"),
        ("554 Transaction failed", 554, nil),
        ("421", 421, nil),
        ("550 4.1.1 class does not match the code", 550, nil),
        ("250 2.0.0.1 too many parts", 250, nil),
    ] as [(String, Int, String?)])
    func parsesCodeAndEnhancedStatus(line: String, code: Int, enhancedStatus: String?) throws {
        let reply = try #require(SMTPReply(line: line + "\r\n"))
        #expect(reply.code == code)
        #expect(reply.enhancedStatus == enhancedStatus)
        #expect(reply.line == line)
    }

    @Test(arguments: ["", "OK", "25", "abc def", "650 out of range", "099 low", "2x0 nope"])
    func refusesLinesWithoutAReplyCode(line: String) {
        #expect(SMTPReply(line: line) == nil)
    }

    @Test func finalLineOfAMultilineReply() {
        #expect(SMTPReply.isFinalLine("250 SIZE 1000"))
        #expect(SMTPReply.isFinalLine("250"))
        #expect(!SMTPReply.isFinalLine("250-PIPELINING"))
    }

    @Test func transcriptKeepsTheReplyOfTheStageItEndedAt() {
        var transcript = TransferTranscript()
        transcript.replyReceived("220 ready\r\n")
        transcript.commandSent("EHLO mail.shop.example\r\n")
        transcript.replyReceived("250-hello\r\n250-SIZE 100\r\n")
        transcript.replyReceived("250 AUTH PLAIN LOGIN\r\n")
        #expect(transcript.stage == .hello)
        #expect(transcript.replyAtStage?.line == "250 AUTH PLAIN LOGIN")
        transcript.commandSent("MAIL FROM:<a@shop.example>\r\n")
        transcript.replyReceived("250 2.1.0 Ok\r\n")
        transcript.commandSent("RCPT TO:<b@example.com>\r\n")
        transcript.replyReceived("550 5.1.1 No such user\r\n")
        transcript.commandSent("QUIT\r\n")
        transcript.replyReceived("221 2.0.0 Bye\r\n")
        #expect(transcript.stage == .recipient)
        #expect(transcript.replyAtStage?.line == "550 5.1.1 No such user")
    }

    @Test func aReplySplitAcrossCallbacksIsJoined() {
        var transcript = TransferTranscript()
        transcript.commandSent("DATA\r\n")
        transcript.replyReceived("354 End data with")
        #expect(transcript.replyAtStage == nil)
        transcript.replyReceived(" <CR><LF>.<CR><LF>\r\n")
        #expect(transcript.replyAtStage?.code == 354)
        transcript.bodyFinished()
        #expect(transcript.stage == .endOfData)
        #expect(transcript.replyAtStage == nil)
    }

    @Test func aLineEndSplitBetweenCarriageReturnAndLineFeedIsOneLine() {
        var transcript = TransferTranscript()
        transcript.commandSent("RCPT TO:<b@example.com>\r\n")
        transcript.replyReceived("250-first part\r\n451 4.7.1 Try again")
        #expect(transcript.replyAtStage == nil)
        transcript.replyReceived(" later\r")
        #expect(transcript.replyAtStage == nil)
        transcript.replyReceived("\n250-next")
        #expect(transcript.replyAtStage?.line == "451 4.7.1 Try again later")
        #expect(transcript.replyAtStage?.enhancedStatus == "4.7.1")
    }

    @Test func bareLineFeedsAndLowerCaseVerbsAreUnderstood() {
        var transcript = TransferTranscript()
        transcript.commandSent("mail FROM:<a@shop.example>\r\n")
        #expect(transcript.stage == .mailFrom)
        transcript.replyReceived("250 ok\n")
        #expect(transcript.replyAtStage?.line == "250 ok")
        transcript.commandSent("rcpt TO:<b@example.com>\r\n")
        transcript.replyReceived("550-5.1.1 one\n550 5.1.1 two\n")
        #expect(transcript.stage == .recipient)
        #expect(transcript.replyAtStage?.line == "550 5.1.1 two")
    }

    @Test func aSASLContinuationStaysInAuthentication() {
        var transcript = TransferTranscript()
        transcript.commandSent("AUTH LOGIN\r\n")
        transcript.replyReceived("334 VXNlcm5hbWU6\r\n")
        transcript.commandSent("c2hvcA==\r\n")
        #expect(transcript.stage == .authentication)
        #expect(transcript.replyAtStage == nil)
        transcript.replyReceived("535 5.7.8 Authentication failed\r\n")
        #expect(transcript.replyAtStage?.code == 535)
    }
}

@Suite("What an outcome means for the sender")
struct SMTPOutcomeMeaningTests {
    private func outcome(_ verdict: SMTPOutcome.Verdict, _ stage: SMTPStage, _ line: String?) -> SMTPOutcome {
        SMTPOutcome(verdict: verdict, stage: stage, reply: line.flatMap(SMTPReply.init(line:)), curlCode: 55, detail: "")
    }

    @Test func recipientRejectionsAreHardBounces() {
        #expect(outcome(.permanent, .recipient, "550 5.1.1 No such user").isRecipientFailure)
        #expect(outcome(.permanent, .recipient, "553 Bad address").isRecipientFailure)
        #expect(outcome(.permanent, .endOfData, "550 5.1.1 No such user").isRecipientFailure)
        #expect(!outcome(.transient, .recipient, "451 4.3.0 Try later").isRecipientFailure)
    }

    @Test func senderSideFailuresPauseInsteadOfSuppressing() {
        let auth = outcome(.permanent, .authentication, "535 5.7.8 Bad credentials")
        #expect(!auth.isRecipientFailure && auth.isConfigurationFailure)
        let mailFrom = outcome(.permanent, .mailFrom, "550 5.7.1 Sender rejected")
        #expect(!mailFrom.isRecipientFailure && mailFrom.isConfigurationFailure)
        let policy = outcome(.permanent, .recipient, "554 5.7.1 Relay access denied")
        #expect(!policy.isRecipientFailure && policy.isConfigurationFailure)
        let tls = outcome(.permanent, .tls, nil)
        #expect(!tls.isRecipientFailure && tls.isConfigurationFailure)
        let content = outcome(.permanent, .endOfData, "552 5.3.4 Message too big")
        #expect(!content.isRecipientFailure && !content.isConfigurationFailure)
    }
}
