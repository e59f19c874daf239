import Testing
@testable import SMTP

@Suite("Relay settings")
struct SMTPConfigurationTests {
    @Test(arguments: [
        ("smtp://relay.example.net:587", "smtp", "relay.example.net", 587),
        ("smtps://relay.example.net", "smtps", "relay.example.net", 465),
        ("smtp://relay.example.net", "smtp", "relay.example.net", 25),
        ("SMTP://127.0.0.1:2525/", "smtp", "127.0.0.1", 2525),
        ("smtp://[::1]:2525", "smtp", "::1", 2525),
    ])
    func parsesRelayURLs(url: String, scheme: String, host: String, port: Int) throws {
        let configuration = try SMTPConfiguration(url: url, startTLS: .optional)
        #expect(configuration.scheme == scheme)
        #expect(configuration.host == host)
        #expect(configuration.port == port)
    }

    @Test(arguments: [
        "relay.example.net", "http://relay.example.net", "smtp://", "smtp://relay.example.net:0",
        "smtp://relay.example.net:99999", "smtp://user@relay.example.net", "smtp://relay.example.net/helo",
        "smtp://relay example.net", "smtp://[::1", "smtp://relay.example.net:port",
    ])
    func refusesBadRelayURLs(url: String) {
        #expect(throws: SMTPConfigurationError.self) { try SMTPConfiguration(url: url) }
    }

    @Test func plaintextIsAllowedOnlyOnLoopback() throws {
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "[::1]"] {
            _ = try SMTPConfiguration(url: "smtp://\(host):2525", startTLS: .off)
        }
        for host in ["relay.example.net", "127.example.net", "10.0.0.1", "127.0.0.1.nip.io"] {
            let error = #expect(throws: SMTPConfigurationError.self) {
                try SMTPConfiguration(url: "smtp://\(host):2525", startTLS: .off)
            }
            #expect(error?.code == .plaintextToRemoteRelay)
        }
    }

    @Test func theEHLONameTravelsAsTheURLPath() throws {
        let configuration = try SMTPConfiguration(url: "smtp://relay.example.net:587", heloName: "mail.shop.example")
        #expect(configuration.curlURL == "smtp://relay.example.net:587/mail.shop.example")
        #expect(throws: SMTPConfigurationError.self) {
            try SMTPConfiguration(url: "smtp://relay.example.net:587", heloName: "bad name\r\nRSET")
        }
    }

    @Test func timeoutsMustBePositive() {
        #expect(throws: SMTPConfigurationError.self) {
            try SMTPConfiguration(url: "smtp://127.0.0.1", replyTimeout: .zero)
        }
    }

    @Test(arguments: ["", "bob", "a@b\r\nRCPT TO:<evil@x>", "a b@c.example", "<a@b.example>", "a@b\0.example"])
    func envelopeAddressesCannotCarryCommands(address: String) {
        #expect(throws: SMTPConfigurationError.self) { try SMTPEnvelope(sender: "bounces@shop.example", recipient: address) }
        #expect(throws: SMTPConfigurationError.self) { try SMTPEnvelope(sender: address, recipient: "bob@example.com") }
    }
}
