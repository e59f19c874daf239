@testable import Configuration
import SMTP
import Testing

@Suite("smtp.rate and smtp.per_domain_connections")
struct PacingConfigurationTests {
    /// `minimalFile` with `lines` added to its smtp section (after url, so on line 3).
    private func file(_ lines: String) -> String {
        "smtp:\n  url: smtp://relay.example.net:587\n\(lines)sender:\n  from: \"Sahab Shop <hello@shop.example>\"\n"
    }

    @Test func bothLimitsAndThePerDomainLimitAreRead() throws {
        let configuration = try ConfigurationFixture().load(file("  rate: \"14/s, 50000/h\"\n  per_domain_connections: 2\n"))
        let rate = try #require(configuration.pacing.rate)
        #expect(rate.perSecond == 14)
        #expect(rate.perHour == 50_000)
        #expect(configuration.pacing.perDomainConnections == 2)
        #expect(configuration.connections == 4, "the default number of connections")
    }

    @Test(arguments: [("14/s", 14, nil), ("50000/h", nil, 50_000), ("0.5/s", 0.5, nil), ("  200/s ,1000000/h ", 200, 1_000_000)] as [(String, Double?, Double?)])
    func eachFormOfTheRateIsRead(text: String, perSecond: Double?, perHour: Double?) throws {
        let configuration = try ConfigurationFixture().load(file("  rate: \"\(text)\"\n"))
        #expect(configuration.pacing.rate?.perSecond == perSecond)
        #expect(configuration.pacing.rate?.perHour == perHour)
        #expect(configuration.pacing.perDomainConnections == nil)
    }

    @Test func withoutTheKeysThereIsNoLimit() throws {
        let configuration = try ConfigurationFixture().load(minimalFile)
        #expect(configuration.pacing == .unlimited)
    }

    @Test(arguments: [
        ("  rate: fast\n", "keepsake.yaml:3:9: smtp.rate: expected a rate such as 14/s, 50000/h or \"14/s, 50000/h\", got \"fast\""),
        ("  rate: 14/min\n", "keepsake.yaml:3:9: smtp.rate: expected a rate such as 14/s, 50000/h or \"14/s, 50000/h\", got \"14/min\" (the unit \"min\" is not s for per second or h for per hour)"),
        ("  rate: 0/s\n", "keepsake.yaml:3:9: smtp.rate: expected a rate such as 14/s, 50000/h or \"14/s, 50000/h\", got \"0/s\" (the count must be more than zero"),
        ("  rate: -5/s\n", "keepsake.yaml:3:9: smtp.rate: expected a rate such as 14/s, 50000/h or \"14/s, 50000/h\", got \"-5/s\" (\"-5\" is not a number of messages)"),
        ("  rate: \"14/s, 20/s\"\n", "keepsake.yaml:3:9: smtp.rate: expected a rate such as 14/s, 50000/h or \"14/s, 50000/h\", got \"14/s, 20/s\" (/s is given twice)"),
        ("  rate: \"14/s,\"\n", "keepsake.yaml:3:9: smtp.rate: expected a rate such as 14/s, 50000/h or \"14/s, 50000/h\", got \"14/s,\" (\"\" is not a count, a slash and a unit)"),
        ("  rate: [14/s]\n", "keepsake.yaml:3:9: smtp.rate: "),
        ("  per_domain_connections: two\n", "keepsake.yaml:3:27: smtp.per_domain_connections: expected a whole number from 1 to 64, got \"two\""),
        ("  per_domain_connections: 65\n", "keepsake.yaml:3:27: smtp.per_domain_connections: expected a whole number from 1 to 64, got 65"),
        ("  rates: 14/s\n", "keepsake.yaml:3:3: smtp.rates: unknown key (did you mean rate?)"),
    ])
    func garbageIsReportedWhereItIs(lines: String, expected: String) throws {
        let error = try #require(try ConfigurationFixture().error(file(lines)))
        #expect(error.code == .invalidSetting)
        #expect(error.description.contains(expected), "\(error)")
    }
}
