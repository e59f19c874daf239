import Foundation
import KeepsakeTestSupport
import Store
import Testing
@testable import KeepsakeDaemon

/// When a tick applies the campaign pause rule (`inbound.campaign_pause.*`), against the real
/// capture server: after the outcomes it recorded, so they count before the next tick sends, and
/// at a dispatcher's first tick (a start or a reload); a tick with nothing to send leaves the
/// 30 days of rates unread.
@Suite struct DispatchCampaignPauseTests {
    /// A hard-bounce rate of 30 % over at least 3 deliveries pauses.
    static let rule = CampaignPauseRule(complaintRate: 100, hardBounceRate: 30, minimumDeliveries: 3)

    @Test func theOutcomesOfATickPauseTheCampaignBeforeTheNextTick() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", "rcpt-550"), scripted("omid", nil), scripted("nima", nil)])
        let report = try await fixture.tick(at: DispatchFixture.opening, relay: server.url, campaignPause: Self.rule)
        #expect(report.outcomes == ["failed": 1, "sent": 2])
        let pauses = try fixture.store.campaignPauses()
        #expect(pauses.map(\.campaign) == ["birthday"])
        #expect(pauses.first?.reason == "hard-bounce rate 33.33 % (1 of 3) over 30 days ≥ 30 %")
    }

    @Test func anIdleTickLeavesTheRuleAloneAndTheNextStartAppliesIt() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", "rcpt-451"), scripted("omid", nil), scripted("nima", nil)])
        try await fixture.withDispatcher(relay: server.url, campaignPause: Self.rule) { dispatcher in
            let first = try await dispatcher.tick(now: DispatchFixture.opening, files: fixture.files)
            #expect(first.outcomes == ["deferred": 1, "sent": 2])
            #expect(try fixture.store.campaignPauses().isEmpty, "no hard bounce yet")
            // Another process (an operator's resolve) records sara's refusal: 1 of 3 now bounced.
            let sara = try fixture.row("sara")
            try fixture.store.recordOutcome(
                sara.id, .failed(reply: "550 5.1.1 <sara@keepsake.test>: User unknown", stage: "recipient", suppress: false),
                now: DispatchFixture.opening.addingTimeInterval(10))
            let idle = try await dispatcher.tick(now: DispatchFixture.opening.addingTimeInterval(30), files: fixture.files)
            #expect(idle.attempts == 0)
            #expect(try fixture.store.campaignPauses().isEmpty, "an idle tick does not read the rates")
        }
        // A restart (a new dispatcher) applies the rule at its first tick, before sending.
        let restarted = try await fixture.tick(
            at: DispatchFixture.opening.addingTimeInterval(60), relay: server.url, campaignPause: Self.rule)
        #expect(restarted.attempts == 0)
        #expect(try fixture.store.campaignPauses().map(\.campaign) == ["birthday"])
    }
}
