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
}
