@testable import Configuration
import Foundation
import Testing

@Suite("inbound.*")
struct InboundConfigurationTests {
    let spool = "inbound:\n  spool: /var/spool/keepsake/inbound\n"

    @Test func noSourceByDefaultAndVERPOnWithOne() throws {
        let fixture = try ConfigurationFixture()
        let none = try fixture.load(minimalFile)
        #expect(!none.inbound.hasSource)
        #expect(!none.sender.verp)
        let with = try fixture.load(minimalFile + spool)
        #expect(with.inbound.spool == "/var/spool/keepsake/inbound")
        #expect(with.inbound.pollInterval == .seconds(60))
        #expect(with.inbound.temporaryFailureLimit == 5)
        #expect(with.inbound.temporaryFailurePeriod == .seconds(14 * 86_400))
        #expect(with.sender.verp)
        #expect(try fixture.load(minimalFile + "  verp: false\n" + spool).sender.verp == false)
        let tuned = try fixture.load(minimalFile + spool + "  poll_interval: 5m\n  temporary_failure_limit: 3\n  temporary_failure_period: 7d\n")
        #expect(tuned.inbound.pollInterval == .seconds(300) && tuned.inbound.temporaryFailureLimit == 3)
        #expect(tuned.inbound.temporaryFailurePeriod == .seconds(7 * 86_400))
    }

    @Test func aRelativeFolderIsRefusedWhereItIsWritten() throws {
        let fixture = try ConfigurationFixture()
        let error = try #require(try fixture.error(minimalFile + "inbound:\n  maildir: bounces\n"))
        #expect(error.description.contains("keepsake.yaml:6:12: inbound.maildir:"), "\(error)")
        #expect(error.description.contains("expected an absolute folder path"), "\(error)")
    }

    @Test func anEnvelopeSenderThatCannotTakeATokenIsRefusedWhenASourceTurnsVERPOn() throws {
        let fixture = try ConfigurationFixture()
        let error = try #require(try fixture.error(minimalFile + "  envelope_from: bounces+shop@shop.example\n" + spool))
        #expect(error.description.contains("an inbound source turns sender.verp on"), "\(error)")
        #expect(error.description.contains("or sender.verp: false"), "\(error)")
    }

    @Test func anIMAPMailboxNeedsAUserAndAPasswordSource() throws {
        let fixture = try ConfigurationFixture()
        let imap = minimalFile + "inbound:\n  imap:\n    url: imaps://mail.shop.example\n    user: bounces@shop.example\n"
        let error = try #require(try fixture.error(imap))
        #expect(error.description.contains("needs inbound.imap.password_file or inbound.imap.password_credential"), "\(error)")
        let loaded = try fixture.load(imap + "    password_credential: imap-password\n")
        #expect(loaded.inbound.imap?.folder == "INBOX")
        #expect(loaded.inbound.imap?.requireSTARTTLS == true)
        #expect(loaded.sender.verp)
        let scheme = try #require(try fixture.error(minimalFile + "inbound:\n  imap:\n    url: https://mail.shop.example\n"))
        #expect(scheme.description.contains("expected imaps://host or imap://host"), "\(scheme)")
    }

    @Test func campaignPauseThresholdsDefaultAndTune() throws {
        let fixture = try ConfigurationFixture()
        let standard = try fixture.load(minimalFile).inbound.campaignPause
        #expect(standard == CampaignPauseConfiguration(complaintRate: Decimal(string: "0.3")!, hardBounceRate: 5, minimumDeliveries: 1_000))
        let tuned = try fixture.load(
            minimalFile + "inbound:\n  campaign_pause:\n    complaint_rate: 0.1%\n    hard_bounce_rate: \"2.5 %\"\n    minimum_deliveries: 500\n")
        #expect(tuned.inbound.campaignPause == CampaignPauseConfiguration(
            complaintRate: Decimal(string: "0.1")!, hardBounceRate: Decimal(string: "2.5")!, minimumDeliveries: 500))
        let environment = try fixture.load(minimalFile, environment: ["KEEPSAKE_INBOUND_CAMPAIGN_PAUSE_COMPLAINT_RATE": "100%"])
        #expect(environment.inbound.campaignPause.complaintRate == 100)
    }

    @Test(arguments: [
        ("complaint_rate", "-0.3%", "expected a percentage above 0 % and at most 100 %"),
        ("complaint_rate", "0%", "expected a percentage above 0 % and at most 100 %"),
        ("hard_bounce_rate", "120%", "expected a percentage above 0 % and at most 100 %, such as 0.3%, got 120%"),
        ("hard_bounce_rate", "five%", "got \"five%\""),
        ("complaint_rate", "0.3", "write the % sign"),
        ("complaint_rate", "1.2.3%", "got \"1.2.3%\""),
        ("minimum_deliveries", "-5", "expected a whole number from 1 to 100000000, got -5"),
        ("minimum_deliveries", "a thousand", "expected a whole number from 1 to 100000000"),
    ])
    func badCampaignPauseValuesAreNamedWithTheirKey(key: String, value: String, message: String) throws {
        let fixture = try ConfigurationFixture()
        let error = try #require(try fixture.error(minimalFile + "inbound:\n  campaign_pause:\n    \(key): \(value)\n"))
        #expect(error.description.contains("keepsake.yaml:7:"), "\(error)")
        #expect(error.description.contains("inbound.campaign_pause.\(key):"), "\(error)")
        #expect(error.description.contains(message), "\(error)")
    }

    @Test func anIMAPCAFileIsRead() throws {
        let fixture = try ConfigurationFixture()
        let imap = minimalFile + "inbound:\n  imap:\n    url: imaps://mail.shop.example\n    user: bounces@shop.example\n"
            + "    password_credential: imap-password\n"
        #expect(try fixture.load(imap).inbound.imap?.caFile == nil)
        #expect(try fixture.load(imap + "    ca_file: /etc/keepsake/imap-ca.pem\n").inbound.imap?.caFile == "/etc/keepsake/imap-ca.pem")
    }
}
