import Configuration
import Testing
@testable import Web

/// Who `/report` answers without its token: loopback only; and the token comparison.
@Suite struct ReportAccessTests {
    @Test func onlyLoopbackAddressesAreLoopback() {
        for text in ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"] {
            #expect(ReportEndpoint.isLoopback(IPAddress(text)!), "\(text)")
        }
        for text in ["10.0.0.1", "203.0.113.7", "::2", "2001:db8::1", "::ffff:10.0.0.1", "0.0.0.0", "::"] {
            #expect(!ReportEndpoint.isLoopback(IPAddress(text)!), "\(text)")
        }
    }

    @Test func tokensMatchOnlyWhenEqual() {
        let token = "report-token-0123456789abcdefXYZ"
        #expect(ReportEndpoint.sameToken(token, token))
        for guess in ["", "r", String(token.dropLast()), token + "x", token.uppercased(), "report-token-0123456789abcdefXYz"] {
            #expect(!ReportEndpoint.sameToken(guess, token), "\(guess)")
        }
    }
}
