import Testing
@testable import SMTP

/// The pacer on a clock the tests move: every assertion is about its state, none about measured time.
@Suite("Pacer")
struct PacerTests {
    let clock = ManualPacingClock()

    func pacer(_ rate: String?, perDomain: Int? = nil) throws -> Pacer {
        Pacer(settings: PacingSettings(rate: try rate.map(SendingRate.init(parsing:)), perDomainConnections: perDomain), clock: clock)
    }

    @Test func aThrottlingReplyHalvesTheConfiguredRate() async throws {
        let pacer = try pacer("14/s")
        #expect(await pacer.currentState() == .steady)
        #expect(await pacer.currentRate() == 14)
        await pacer.record(.reply("421 4.7.0 Too many connections, closing"), domain: "shop.example")
        #expect(await pacer.currentState() == .throttled(since: clock.now, rate: 7))
        #expect(await pacer.currentRate() == 7)
    }

    @Test func otherOutcomesLeaveTheRateAlone() async throws {
        let pacer = try pacer("14/s")
        for line in ["250 2.0.0 Ok: queued", "451 4.3.0 <a@b.example>: Temporary lookup failure", "452 4.2.2 Mailbox full", "550 5.1.1 User unknown"] {
            await pacer.record(.reply(line), domain: "shop.example")
            clock.advance(by: .seconds(2))
        }
        await pacer.record(.noReply, domain: "shop.example")
        #expect(await pacer.currentState() == .steady)
        #expect(await pacer.currentRate() == 14)
    }

    @Test func repeatedThrottlingKeepsHalvingDownToTheFloor() async throws {
        let pacer = try pacer("14/s, 50000/h")
        var rates: [Double] = []
        for _ in 0..<6 {
            await pacer.record(.reply("451 4.7.1 Rate limit exceeded, try again later"), domain: "shop.example")
            rates.append(try #require(await pacer.currentRate()))
            clock.advance(by: .seconds(2))
        }
        // 50000/h is the tighter limit in the long run: 13.89/s.
        let configured = 50_000.0 / 3_600
        #expect(rates == [configured / 2, configured / 4, configured / 8, 1, 1, 1])
        guard case .throttled = await pacer.currentState() else {
            Issue.record("not throttled: \(await pacer.currentState())")
            return
        }
    }

    @Test func throttlingRepliesToOneBurstHalveOnce() async throws {
        let pacer = try pacer("16/s")
        for _ in 0..<16 {
            await pacer.record(.reply("421 4.7.0 Too many connections, closing"), domain: "shop.example")
        }
        #expect(await pacer.currentRate() == 8, "sixteen replies within the hold-off answer the same burst")
        clock.advance(by: .seconds(1))
        await pacer.record(.reply("421 4.7.0 Too many connections, closing"), domain: "shop.example")
        #expect(await pacer.currentRate() == 4)
    }

    @Test func recoveryStepsUpButNeverAboveTheConfiguredRate() async throws {
        let pacer = try pacer("10/s")
        await pacer.record(.reply("421 4.7.0 Too many connections, closing"), domain: "shop.example")
        let throttledAt = clock.now
        clock.advance(by: .seconds(29))
        #expect(await pacer.currentState() == .throttled(since: throttledAt, rate: 5), "no step before 30 s")
        clock.advance(by: .seconds(1))
        let firstStep = try #require(await pacer.currentRate())
        #expect(abs(firstStep - 5.5) < 1e-9)
        #expect(await pacer.currentState() == .recovering(since: throttledAt.advanced(by: .seconds(30)), rate: firstStep))
        clock.advance(by: .seconds(60))
        let thirdStep = try #require(await pacer.currentRate())
        #expect(abs(thirdStep - 5 * 1.1 * 1.1 * 1.1) < 1e-9)
        // A throttling while recovering halves the recovering rate, and recovery starts over from there.
        await pacer.record(.reply("454 4.7.0 Throttled: sending rate exceeded"), domain: "shop.example")
        #expect(await pacer.currentState() == .throttled(since: clock.now, rate: thirdStep / 2))
        var previous = thirdStep / 2
        for _ in 0..<40 {
            clock.advance(by: .seconds(30))
            let rate = try #require(await pacer.currentRate())
            #expect(rate >= previous && rate <= 10)
            previous = rate
        }
        #expect(await pacer.currentState() == .steady)
        #expect(await pacer.currentRate() == 10)
    }

    @Test func withoutAConfiguredRateThrottlingHalvesTheObservedRate() async throws {
        let pacer = try pacer(nil)
        #expect(await pacer.currentRate() == nil, "no limit until the relay throttles")
        // 40 messages a second for ten seconds, each let through at once.
        for _ in 0..<400 {
            await pacer.permit(domain: "shop.example")
            await pacer.record(.reply("250 2.0.0 Ok"), domain: "shop.example")
            clock.advance(by: .milliseconds(25))
        }
        #expect(clock.sleeping == 0)
        await pacer.record(.reply("421 4.7.0 Too many connections, closing"), domain: "shop.example")
        let lowered = try #require(await pacer.currentRate())
        #expect(abs(lowered - 20) < 1e-9)
        clock.advance(by: .seconds(3_600))
        #expect(await pacer.currentState() == .steady)
        #expect(await pacer.currentRate() == nil, "back to no limit once recovered to the observed rate")
    }

    @Test func permitsWaitForTokensOfTheRate() async throws {
        let pacer = try pacer("2/s")
        await pacer.permit(domain: "a.example")
        await pacer.permit(domain: "b.example")
        #expect(clock.sleeping == 0, "a full bucket lets two through")
        let third = Task { await pacer.permit(domain: "c.example") }
        await clock.waitForSleepers(1)
        try #require(clock.sleeping == 1, "the third permit waits for a token")
        clock.advance(by: .milliseconds(499))
        #expect(clock.sleeping == 1)
        clock.advance(by: .milliseconds(1))
        await third.value
        #expect(clock.sleeping == 0)
    }

    @Test func thePerDomainLimitBlocksTheNextPermitUntilARecord() async throws {
        let pacer = try pacer(nil, perDomain: 2)
        await pacer.permit(domain: "gmail.com")
        await pacer.permit(domain: "gmail.com")
        #expect(await pacer.inFlight(domain: "gmail.com") == 2)
        let third = Task {
            await pacer.permit(domain: "gmail.com")
            return await pacer.inFlight(domain: "gmail.com")
        }
        await yield(until: { await pacer.waiting(domain: "gmail.com") == 1 })
        try #require(await pacer.waiting(domain: "gmail.com") == 1, "the third permit to gmail.com waits for a slot")
        // Another domain is not held up.
        await pacer.permit(domain: "yahoo.com")
        #expect(await pacer.inFlight(domain: "yahoo.com") == 1)
        #expect(await pacer.waiting(domain: "gmail.com") == 1)
        await pacer.record(.reply("250 2.0.0 Ok"), domain: "gmail.com")
        #expect(await third.value == 2, "the freed slot went to the waiting permit")
        #expect(await pacer.waiting(domain: "gmail.com") == 0)
        await pacer.release(domain: "gmail.com")
        await pacer.record(.reply("250 2.0.0 Ok"), domain: "gmail.com")
        #expect(await pacer.inFlight(domain: "gmail.com") == 0)
    }

    @Test(arguments: [
        ("421 4.7.0 Too many connections, closing", true),
        ("421 4.3.2 Service shutting down, closing transmission channel", true),
        ("451 4.7.1 Rate limit exceeded", true),
        ("452 4.5.3 Too many recipients", true),
        ("454 4.7.0 Throttled, try again later", true),
        ("451 4.3.0 <a@b.example>: Temporary lookup failure", false),
        ("452 4.3.1 Insufficient system storage", false),
        ("450 4.7.1 Too many messages", false),
        ("550 5.7.1 Rate limit exceeded", false),
        ("250 2.0.0 Ok", false),
    ])
    func throttlingReplies(line: String, throttling: Bool) {
        #expect(SMTPOutcome.reply(line).isThrottling == throttling)
    }

    @Test func theDomainIsTheRecipientsInLowerCase() throws {
        #expect(try SMTPEnvelope(sender: "b@shop.example", recipient: "Sara@Mail.Example.COM").recipientDomain == "mail.example.com")
        #expect(try SMTPEnvelope(sender: "b@shop.example", recipient: "\"a@b\"@gmail.com").recipientDomain == "gmail.com")
    }
}

extension SMTPOutcome {
    /// The outcome of a transfer that got `line` at the recipient stage.
    static func reply(_ line: String) -> SMTPOutcome {
        let reply = SMTPReply(line: line)!
        let verdict: Verdict = switch reply.code / 100 {
        case 2: .delivered
        case 4: .transient
        default: .permanent
        }
        return SMTPOutcome(verdict: verdict, stage: verdict == .delivered ? .endOfData : .recipient, reply: reply, curlCode: 0, detail: "")
    }

    /// A connection that failed without any reply.
    static let noReply = SMTPOutcome(verdict: .transient, stage: .connect, reply: nil, curlCode: 7, detail: "Couldn't connect to server")
}
