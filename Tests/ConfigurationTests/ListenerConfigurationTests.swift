@testable import Configuration
import Foundation
import Testing

/// `unsubscribe.listen` and `unsubscribe.trusted_proxies`: what they accept, and every mistake
/// named at its file, line and column.
@Suite("Listener configuration")
struct ListenerConfigurationTests {
    @Test("no listener and loopback proxies by default; the file's values are read")
    func values() throws {
        let fixture = try ConfigurationFixture()
        let defaults = try fixture.load(minimalFile)
        #expect(defaults.unsubscribe.listen == nil)
        #expect(defaults.unsubscribe.trustedProxies.map(\.description) == ["127.0.0.1", "::1"])
        let configured = try fixture.load(minimalFile + """
            unsubscribe:
              listen: 127.0.0.1:8425
              trusted_proxies: [10.0.0.0/8, 192.0.2.10]

            """)
        #expect(configured.unsubscribe.listen == (try ListenAddress(parsing: "127.0.0.1:8425")))
        #expect(configured.unsubscribe.trustedProxies.map(\.description) == ["10.0.0.0/8", "192.0.2.10"])
        let none = try fixture.load(minimalFile + "unsubscribe:\n  trusted_proxies: []\n")
        #expect(none.unsubscribe.trustedProxies.isEmpty)
    }

    @Test("a wrong value is named at its line and column", arguments: [
        ("unsubscribe:\n  listen: 8425\n", ":6:11: unsubscribe.listen: expected host:port"),
        ("unsubscribe:\n  listen: shop.example:8425\n", ":6:11: unsubscribe.listen: \"shop.example\" is not an IP address"),
        ("unsubscribe:\n  listen: 127.0.0.1:99999\n", ":6:11: unsubscribe.listen: \"99999\" is not a port"),
        ("unsubscribe:\n  listen: ::1:8425\n", ":6:11: unsubscribe.listen: expected host:port"),
        ("unsubscribe:\n  listen: \"[127.0.0.1]:8425\"\n", ":6:11: unsubscribe.listen: \"127.0.0.1\" is not an IPv6 address"),
        ("unsubscribe:\n  trusted_proxies:\n    - 127.0.0.1\n    - 10.0.0.0/33\n", ":8:7: unsubscribe.trusted_proxies[1]: \"10.0.0.0/33\": the prefix length"),
        ("unsubscribe:\n  trusted_proxies: [localhost]\n", ":6:21: unsubscribe.trusted_proxies[0]: \"localhost\" is not an IP address or network"),
        ("unsubscribe:\n  listn: 127.0.0.1:8425\n", ":6:3: unsubscribe.listn: unknown key (did you mean listen?)"),
    ])
    func mistakes(addition: String, expected: String) throws {
        let fixture = try ConfigurationFixture()
        let found = try fixture.error(minimalFile + addition)
        let error = try #require(found)
        #expect(error.description.contains("keepsake.yaml" + expected), "\(error)")
    }

    @Test("an environment value is named by its variable")
    func environment() throws {
        let fixture = try ConfigurationFixture()
        let found = fixture.error(environment: ["KEEPSAKE_UNSUBSCRIBE_TRUSTED_PROXIES": "127.0.0.1, nonsense"])
        let error = try #require(found)
        #expect(error.description.hasPrefix("environment KEEPSAKE_UNSUBSCRIBE_TRUSTED_PROXIES"), "\(error)")
        #expect(error.description.contains("\"nonsense\" is not an IP address"), "\(error)")
        let listen = try fixture.load(path: nil, environment: ["KEEPSAKE_UNSUBSCRIBE_LISTEN": "0.0.0.0:0"])
        #expect(listen.unsubscribe.listen?.description == "0.0.0.0:0")
    }

    @Test("networks contain what they should, IPv4-mapped addresses included")
    func networks() throws {
        let tenSlash8 = try IPNetwork(parsing: "10.0.0.0/8")
        #expect(tenSlash8.contains(IPAddress("10.255.0.1")!) && !tenSlash8.contains(IPAddress("11.0.0.1")!))
        #expect(tenSlash8.contains(IPAddress("::ffff:10.1.2.3")!))
        let six = try IPNetwork(parsing: "fd00::/8")
        #expect(six.contains(IPAddress("fd12::1")!) && !six.contains(IPAddress("fe80::1")!) && !six.contains(IPAddress("10.0.0.1")!))
        #expect(try IPNetwork(parsing: "0.0.0.0/0").contains(IPAddress("203.0.113.7")!))
        #expect(try IPNetwork(parsing: "192.0.2.10/31").contains(IPAddress("192.0.2.11")!))
        #expect(!(try IPNetwork(parsing: "192.0.2.10/32").contains(IPAddress("192.0.2.11")!)))
        #expect(IPAddress("2001:db8::1")?.description == "2001:db8::1")
        #expect(IPAddress("1.2.3") == nil && IPAddress("") == nil && IPAddress("1.2.3.4 ") == nil)
    }
}
