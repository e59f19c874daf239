@testable import Configuration
import Foundation
import Testing

@Suite("sender.verp")
struct VERPConfigurationTests {
    @Test func itIsOffUnlessTurnedOnInTheFileOrTheEnvironment() throws {
        let fixture = try ConfigurationFixture()
        #expect(try fixture.load(minimalFile).sender.verp == false)
        let file = minimalFile + "  envelope_from: bounces@shop.example\n  verp: true\n"
        let on = try fixture.load(file)
        #expect(on.sender.verp && on.sender.envelopeFrom.description == "bounces@shop.example")
        #expect(try fixture.load(minimalFile, environment: ["KEEPSAKE_SENDER_VERP": "true"]).sender.verp)
        #expect(try fixture.load(file, environment: ["KEEPSAKE_SENDER_VERP": "false"]).sender.verp == false)
    }

    @Test func anEnvelopeSenderThatCannotTakeATokenIsRefusedWhereItIsWritten() throws {
        let fixture = try ConfigurationFixture()
        let plus = try #require(try fixture.error(minimalFile + "  envelope_from: bounces+shop@shop.example\n  verp: true\n"))
        #expect(plus.description.contains("keepsake.yaml:5:18: sender.envelope_from: sender.verp adds +TOKEN"), "\(plus)")
        #expect(plus.description.contains("already holds a \"+\"; set sender.envelope_from to an address such as bounces@shop.example"))

        let long = String(repeating: "b", count: SenderIdentity.maximumVERPLocalPartLength + 1)
        let tooLong = try #require(try fixture.error(minimalFile + "  envelope_from: \(long)@shop.example\n  verp: true\n"))
        #expect(tooLong.description.contains("has 34 characters, more than 33"), "\(tooLong)")
        let fits = String(repeating: "b", count: SenderIdentity.maximumVERPLocalPartLength)
        #expect(try fixture.load(minimalFile + "  envelope_from: \(fits)@shop.example\n  verp: true\n").sender.verp)

        // Without envelope_from the From address is the envelope sender, and the error says so at verp.
        let fromPlus = """
            smtp:
              url: smtp://relay.example.net:587
            sender:
              from: "Sahab Shop <hello+news@shop.example>"
              verp: true

            """
        let fromError = try #require(try fixture.error(fromPlus))
        #expect(fromError.description.contains("keepsake.yaml:5:9: sender.verp:"), "\(fromError)")
        #expect(fromError.description.contains("the From address hello+news@shop.example, as sender.envelope_from is not set"))
    }

    @Test func onlyTrueOrFalse() throws {
        let fixture = try ConfigurationFixture()
        let error = try #require(try fixture.error(minimalFile + "  verp: yes\n"))
        #expect(error.description.contains("keepsake.yaml:5:9: sender.verp:"), "\(error)")
        #expect(error.description.contains("write true instead"), "\(error)")
    }
}
