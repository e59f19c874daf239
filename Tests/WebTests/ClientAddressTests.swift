import Configuration
import Testing

@testable import Web

/// Which address the consent ledger records: the peer, or what a trusted reverse proxy forwards.
@Suite("Client address behind reverse proxies")
struct ClientAddressTests {
    let loopback = ClientAddress(trustedProxies: ["127.0.0.1", "::1"].map { try! IPNetwork(parsing: $0) })

    @Test("a client talking directly is recorded as itself, whatever it claims in X-Forwarded-For")
    func untrustedPeer() {
        #expect(loopback.client(peer: IPAddress("198.51.100.9"), forwardedFor: ["203.0.113.7"]) == "198.51.100.9")
        #expect(loopback.client(peer: IPAddress("198.51.100.9"), forwardedFor: []) == "198.51.100.9")
        #expect(loopback.client(peer: nil, forwardedFor: ["203.0.113.7"]) == nil)
    }

    @Test("behind a trusted proxy the nearest untrusted hop is the client, not what the client wrote on the left")
    func trustedProxy() {
        #expect(loopback.client(peer: IPAddress("127.0.0.1"), forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        #expect(loopback.client(peer: IPAddress("127.0.0.1"), forwardedFor: ["6.6.6.6, 203.0.113.7"]) == "203.0.113.7")
        #expect(loopback.client(peer: IPAddress("::1"), forwardedFor: ["6.6.6.6", "2001:db8::7"]) == "2001:db8::7")
        #expect(loopback.client(peer: IPAddress("::ffff:127.0.0.1"), forwardedFor: ["203.0.113.7:51234"]) == "203.0.113.7")
        #expect(loopback.client(peer: IPAddress("127.0.0.1"), forwardedFor: ["[2001:db8::7]:443"]) == "2001:db8::7")
        #expect(loopback.client(peer: IPAddress("127.0.0.1"), forwardedFor: []) == "127.0.0.1")
    }

    @Test("a chain of trusted proxies is walked through; garbage stops the walk at the last good hop")
    func chains() {
        let proxies = ClientAddress(trustedProxies: ["127.0.0.1", "10.0.0.0/8"].map { try! IPNetwork(parsing: $0) })
        #expect(proxies.client(peer: IPAddress("127.0.0.1"), forwardedFor: ["203.0.113.7, 10.1.2.3"]) == "203.0.113.7")
        #expect(proxies.client(peer: IPAddress("127.0.0.1"), forwardedFor: ["not-an-ip, 10.1.2.3"]) == "10.1.2.3")
        #expect(proxies.client(peer: IPAddress("127.0.0.1"), forwardedFor: ["<script>"]) == "127.0.0.1")
        #expect(ClientAddress(trustedProxies: []).client(peer: IPAddress("127.0.0.1"), forwardedFor: ["203.0.113.7"]) == "127.0.0.1")
    }
}
