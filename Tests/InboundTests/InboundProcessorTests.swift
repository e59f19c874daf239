import Foundation
import Inbound
import KeepsakeTestSupport
import Mail
import Store
import Testing

/// The processing path with a real SQLite store: each kind of returned mail changes exactly what
/// it should, once, and mail tied to no delivery changes nothing.
@Suite("Inbound processing")
struct InboundProcessorTests {
    @Test("a Postfix DSN suppresses exactly the failed recipient, with the report as evidence; the delayed one is only counted")
    func permanentFailureSuppressesThatRecipient() throws {
        let fixture = try InboundFixture()
        let sara = fixture.delivery("sara")
        let text = ReturnedMail.dsn(
            to: fixture.verp("sara"), messageID: sara.messageID,
            recipients: [
                .init(address: "sara@example.org"),
                .init(address: "reza@example.org", action: "delayed", status: "4.4.1", diagnostic: "X-Postfix; connect to in.example.org: Connection timed out"),
            ])
        let result = try fixture.process(text)
        #expect(result.kind == .deliveryStatus)
        #expect(result.outcome == .suppressed)
        #expect(result.disposition == .processed)
        let suppressions = try fixture.store.suppressions()
        #expect(suppressions.map(\.email) == ["sara@example.org"])
        let suppression = try #require(suppressions.first)
        #expect(suppression.reason == "hard bounce")
        #expect(suppression.deliveryID == sara.id)
        #expect(suppression.inboundDigest == result.digest)
        let evidence = try #require(try fixture.store.inboundEntry(digest: result.digest)?.record.evidence)
        #expect(evidence.failure == "permanent")
        #expect(evidence.status == "5.1.1")
        #expect(evidence.reportingMTA == "dns; mx.example.org")
        #expect(evidence.diagnosticCode?.contains("550 5.1.1 <sara@example.org>") == true)
        #expect(try fixture.store.inboundEntries(deliveryID: sara.id).map(\.outcome) == [.suppressed])
    }

    @Test("a permanent failure that is not about the address (mailbox full, the sender's policy) suppresses nobody")
    func failureNotAboutTheAddress() throws {
        let fixture = try InboundFixture()
        for (id, status) in [("sara", "5.2.2"), ("reza", "5.7.1")] {
            let text = ReturnedMail.dsn(
                to: fixture.verp(id), messageID: fixture.delivery(id).messageID,
                recipients: [.init(address: "\(id)@example.org", status: status, diagnostic: "smtp; 552 \(status) refused")])
            let result = try fixture.process(text)
            #expect(result.outcome == .noEffect)
            #expect(result.detail?.contains(status) == true)
        }
        #expect(try fixture.store.suppressionCount() == 0)
    }

    @Test("a complaint withdraws consent (source complaint, the report's date and type), suppresses, and cancels later mail at claim")
    func complaintRevokesConsent() throws {
        let fixture = try InboundFixture()
        let reza = fixture.delivery("reza")
        let result = try fixture.process(ReturnedMail.complaint(envelopeSender: fixture.verp("reza"), recipient: "reza@example.org", messageID: reza.messageID))
        #expect(result.kind == .feedback)
        #expect(result.outcome == .consentRevoked)
        let events = try fixture.store.consentLog(email: EmailAddress("reza@example.org"))
        let last = try #require(events.last)
        #expect(last.status == .optedOut)
        #expect(last.source == "complaint")
        #expect(last.occurredAt == "2026-03-21T09:30:00.000Z")
        #expect(last.reference == "feedback-type abuse, delivery \(reza.id)")
        #expect(try fixture.store.suppression(of: EmailAddress("reza@example.org"))?.reason == "complaint (abuse)")
        #expect(try fixture.store.suppressionCount() == 1)
        let later = try fixture.send("reza", campaign: "yalda", day: "2026-12-21", claim: false)
        guard case .cancelled(let reason) = try fixture.store.claim(later.id, now: InboundFixture.sentAt.addingTimeInterval(86_400)) else {
            Issue.record("the later delivery was claimed")
            return
        }
        #expect(reason.contains("suppressed") || reason.contains("consent"))
    }

    @Test("a complaint tied by its Message-ID alone (no VERP) works too; a not-spam report changes nothing")
    func complaintByMessageID() throws {
        let fixture = try InboundFixture()
        let mina = fixture.delivery("mina")
        let notSpam = try fixture.process(
            ReturnedMail.complaint(envelopeSender: "bounces@shop.example", recipient: "mina@example.org", messageID: mina.messageID, type: "not-spam"))
        #expect(notSpam.outcome == .noEffect)
        #expect(try fixture.store.suppressionCount() == 0)
        let abuse = try fixture.process(
            ReturnedMail.complaint(envelopeSender: "bounces@shop.example", recipient: "mina@example.org", messageID: mina.messageID))
        #expect(abuse.outcome == .consentRevoked)
        #expect(try fixture.store.inboundEntries(deliveryID: mina.id).count == 2)
    }

    @Test("mail to unsubscribe+TOKEN withdraws consent (source mailto unsubscribe) before the next send")
    func mailtoUnsubscribe() throws {
        let fixture = try InboundFixture()
        let sara = fixture.delivery("sara")
        let token = String(fixture.verp("sara").dropFirst("bounces+".count).prefix { $0 != "@" })
        let result = try fixture.process(ReturnedMail.unsubscribe(from: "sara@example.org", to: "unsubscribe+\(token)@shop.example"))
        #expect(result.kind == .unsubscribe)
        #expect(result.outcome == .consentRevoked)
        let last = try #require(try fixture.store.consentLog(email: EmailAddress("sara@example.org")).last)
        #expect(last.source == "mailto unsubscribe")
        #expect(last.status == .optedOut)
        #expect(try fixture.store.suppressionCount() == 0)
        let later = try fixture.send("sara", campaign: "yalda", day: "2026-12-21", claim: false)
        guard case .cancelled = try fixture.store.claim(later.id, now: InboundFixture.sentAt.addingTimeInterval(86_400)) else {
            Issue.record("the later delivery was claimed")
            return
        }
        _ = sara
    }

    @Test("a forged VERP signature, another sender's message, a bare unsubscribe and another store's token change nothing and are counted")
    func unverifiableMailChangesNothing() throws {
        let fixture = try InboundFixture()
        let sara = fixture.delivery("sara")
        let verp = fixture.verp("sara")
        let signature = verp.dropFirst("bounces+\(sara.id)-".count).prefix(10)
        let flipped = String(signature.dropLast()) + (signature.last == "a" ? "b" : "a")
        let forged = "bounces+\(sara.id)-\(flipped)@shop.example"
        let stranger = try InboundFixture(customers: ["sara"], secret: 9)
        let messages = [
            ReturnedMail.dsn(to: forged, messageID: sara.messageID, recipients: [.init(address: "sara@example.org")]),
            ReturnedMail.dsn(to: "bounces@shop.example", messageID: "<20260321.abc@other-shop.example>", recipients: [.init(address: "sara@example.org")]),
            ReturnedMail.dsn(to: stranger.verp("sara"), messageID: "<none@shop.example>", recipients: [.init(address: "sara@example.org")], queueID: "Q2"),
            ReturnedMail.unsubscribe(from: "sara@example.org", to: "unsubscribe@shop.example"),
            ReturnedMail.complaint(envelopeSender: forged, recipient: "sara@example.org", messageID: sara.messageID),
        ]
        for (index, text) in messages.enumerated() {
            let result = try fixture.process(text, key: "m\(index)")
            #expect(result.outcome == .unverified, "message \(index)")
            #expect(result.disposition == .keptAside)
        }
        #expect(try fixture.store.suppressionCount() == 0)
        #expect(try fixture.store.consentLog(email: EmailAddress("sara@example.org")).map(\.status) == [.optedIn])
        #expect(try fixture.store.inboundOutcomeCounts() == [.unverified: messages.count])
        #expect(try fixture.store.inboundEntries(outcomes: [.unverified], limit: 10).count == messages.count)
    }

    @Test("the same report twice changes nothing the second time, and goes where it went the first time")
    func sameMessageTwice() throws {
        let fixture = try InboundFixture(settings: InboundSettings(breaker: SuppressionBreaker(limit: 2)))
        let text = ReturnedMail.dsn(to: fixture.verp("sara"), messageID: fixture.delivery("sara").messageID, recipients: [.init(address: "sara@example.org")])
        #expect(try fixture.process(text).outcome == .suppressed)
        let again = try fixture.process(text)
        #expect(again.outcome == .duplicate)
        #expect(again.disposition == .processed)
        // A second count would have extended the breaker's row to its limit of 2 and held the suppression.
        #expect(try fixture.store.pendingSuppressions().isEmpty)
        #expect(try fixture.store.suppressionCount() == 1)
        #expect(try fixture.store.inboundOutcomeCounts() == [.suppressed: 1])
    }

    @Test("identical permanent failures in a row trip the same breaker as at send time: held, sending paused")
    func breaker() throws {
        let fixture = try InboundFixture(settings: InboundSettings(breaker: SuppressionBreaker(limit: 2)))
        var outcomes: [InboundOutcome] = []
        for id in ["sara", "reza", "mina"] {
            let text = ReturnedMail.dsn(to: fixture.verp(id), messageID: fixture.delivery(id).messageID, recipients: [.init(address: "\(id)@example.org")], queueID: "Q\(id)")
            outcomes.append(try fixture.process(text).outcome)
        }
        #expect(outcomes == [.suppressed, .held, .held])
        #expect(try fixture.store.pendingSuppressions().map(\.email) == ["sara@example.org", "reza@example.org", "mina@example.org"])
        #expect(try fixture.store.suppressionCount() == 0)
        #expect(try fixture.store.sendingPause()?.cause == .suppressionBreaker)
        // What is held and then confirmed is the returned report's diagnostic, not the relay's 250.
        #expect(try fixture.store.pendingSuppressions().allSatisfy { $0.reply?.contains("550 5.1.1") == true })
        #expect(try fixture.store.confirmPendingSuppressions(recordedBy: "test") == 3)
        #expect(try fixture.store.suppressions().allSatisfy { $0.reply?.contains("550 5.1.1") == true })
    }

    @Test("temporary failures are counted, and suppress at the limit within the period only")
    func temporaryFailures() throws {
        let fixture = try InboundFixture(settings: InboundSettings(temporaryFailureLimit: 3, temporaryFailurePeriod: 7 * 86_400))
        let reza = fixture.delivery("reza")
        func delayed(_ n: Int, day: Double) throws -> InboundOutcome {
            let text = ReturnedMail.dsn(
                to: fixture.verp("reza"), messageID: reza.messageID,
                recipients: [.init(address: "reza@example.org", action: "delayed", status: "4.2.2", diagnostic: "smtp; 452 4.2.2 Mailbox full")],
                queueID: "T\(n)")
            return try fixture.process(text, now: InboundFixture.sentAt.addingTimeInterval(day * 86_400)).outcome
        }
        #expect(try delayed(1, day: 0) == .counted)
        #expect(try delayed(2, day: 1) == .counted)
        // Ten days later the first two are outside the 7-day period.
        #expect(try delayed(3, day: 10) == .counted)
        #expect(try delayed(4, day: 11) == .counted)
        #expect(try fixture.store.suppressionCount() == 0)
        #expect(try delayed(5, day: 12) == .suppressed)
        #expect(try fixture.store.suppression(of: EmailAddress("reza@example.org"))?.reason == "3 temporary failures within 7 days")
    }

    @Test("an auto-reply is ignored; a bounce of a bounce, a 50 MB message and deep nesting are kept aside, changing nothing")
    func ignoredAndKeptAside() throws {
        let fixture = try InboundFixture()
        let autoReply = try fixture.process(String(decoding: try InboundSamples.bytes("out-of-office.eml"), as: UTF8.self))
        #expect(autoReply.outcome == .ignored)
        #expect(autoReply.disposition == .processed)
        let bounceOfBounce = try fixture.process(String(decoding: try InboundSamples.bytes("bounce-of-a-bounce.eml"), as: UTF8.self))
        #expect(bounceOfBounce.outcome == .unverified)
        #expect(bounceOfBounce.disposition == .keptAside)
        let big = try fixture.processor.process(
            InboundItem(key: "big", bytes: Array("From: a@example.org\nSubject: big\n\n".utf8) + [UInt8](repeating: 0x78, count: 50 * 1024 * 1024)),
            source: "test")
        #expect(big.outcome == .keptAside)
        #expect(big.detail?.contains("messageTooLarge") == true)
        var deep = "From: a@example.org\nSubject: deep\n"
        for level in 0..<500 { deep += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\n\n--b\(level)\n" }
        let nested = try fixture.process(deep + "Content-Type: text/plain\n\nbottom\n")
        #expect(nested.outcome == .keptAside)
        #expect(nested.detail?.contains("nestingTooDeep") == true)
        #expect(try fixture.store.suppressionCount() == 0)
        #expect(try fixture.store.inboundEntries(outcomes: [.keptAside], limit: 10).count == 2)
    }
}
