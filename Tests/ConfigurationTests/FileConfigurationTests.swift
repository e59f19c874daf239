@testable import Configuration
import Foundation
import SMTP
import StrictYAML
import Testing

@Suite("Configuration file")
struct FileConfigurationTests {
    @Test func theDocumentedExampleLoads() throws {
        let fixture = try ConfigurationFixture()
        let credentials = fixture.directory.appendingPathComponent("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        try fixture.write("s3cret\n", to: "credentials/smtp-password")
        let example = repositoryRoot.appendingPathComponent("systemd/keepsake.example.yaml").path
        let configuration = try fixture.load(path: example, environment: ["CREDENTIALS_DIRECTORY": credentials.path])
        #expect(configuration.smtp.host == "relay.example.net")
        #expect(configuration.smtp.port == 587)
        #expect(configuration.smtp.startTLS == .required)
        #expect(configuration.smtp.heloName == "mail.shop.example")
        #expect(configuration.smtp.credentials == .init(username: "keepsake", password: "s3cret"))
        #expect(configuration.smtp.connectTimeout == .seconds(10))
        #expect(configuration.smtp.replyTimeout == .seconds(60))
        #expect(configuration.smtp.totalTimeout == .seconds(300))
        #expect(configuration.connections == 4)
        #expect(configuration.pacing == .unlimited, "rate and per_domain_connections are commented out in the example")
        #expect(configuration.sender.from.displayName == "Sahab Shop")
        #expect(configuration.sender.from.address.description == "hello@shop.example")
        #expect(configuration.sender.envelopeFrom.description == "bounces@shop.example")
        #expect(configuration.sender.replyTo?.address.description == "care@shop.example")
        #expect(configuration.sender.allowedDomains == ["shop.example"])
        #expect(configuration.sender.messageIDDomain == "shop.example")
        #expect(configuration.databasePath == "/var/lib/keepsake/keepsake.sqlite")
        #expect(configuration.unsubscribe.mailto?.description == "unsubscribe@shop.example")
        #expect(configuration.unsubscribe.baseURL?.absoluteString == "https://shop.example/keepsake")
        #expect(configuration.unsubscribe.listUnsubscribe?.mailto?.description == "unsubscribe@shop.example")
        #expect(configuration.unsubscribe.listUnsubscribe?.https?.absoluteString == "https://shop.example/keepsake")
        #expect(configuration.unsubscribe.listen?.description == "127.0.0.1:8425")
        #expect(configuration.unsubscribe.trustedProxies.map(\.description) == ["127.0.0.1", "::1"])
        #expect(configuration.source == example)
    }

    @Test func everyKeyOfTheExampleIsDocumentedInTheTable() throws {
        let table = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/Configuration/CONFIGURATION.md"), encoding: .utf8)
        for keyPath in ConfigurationSchema.settingPaths {
            #expect(table.contains("`\(keyPath)`"), "\(keyPath)")
            #expect(table.contains("`\(ConfigurationSchema.environmentVariable(for: keyPath))`"), "\(keyPath)")
        }
        #expect(table.contains("`KEEPSAKE_SMTP_PASSWORD`"))
    }

    @Test func aMinimalFileGetsTheFileDefaults() throws {
        let configuration = try ConfigurationFixture().load(minimalFile)
        #expect(configuration.smtp.startTLS == .required)
        #expect(configuration.smtp.credentials == nil)
        #expect(configuration.smtp.verifyCertificates)
        #expect(configuration.sender.envelopeFrom.description == "hello@shop.example")
        #expect(configuration.sender.replyTo == nil)
        #expect(configuration.sender.allowedDomains == ["shop.example"])
        #expect(configuration.sender.messageIDDomain == "shop.example")
        #expect(configuration.unsubscribe.mailto == nil && configuration.unsubscribe.baseURL == nil)
        #expect(configuration.unsubscribe.listUnsubscribe == nil)
    }

    @Test func plaintextToARemoteRelayIsRefusedAtStarttls() throws {
        let error = try #require(try ConfigurationFixture().error("""
            smtp:
              url: smtp://relay.example.net:587
              starttls: off
            sender:
              from: hello@shop.example

            """))
        #expect(error.code == .invalidSetting)
        #expect(error.description.contains("keepsake.yaml:3:13: smtp.starttls: "), "\(error)")
        #expect(error.description.contains("allowed only for a relay on loopback"))
        #expect(error.setting?.line == 3)
    }

    @Test func fromDomainOutsideTheAllowedDomainsIsRefused() throws {
        let error = try #require(try ConfigurationFixture().error(minimalFile + "  allowed_domains: [news.shop.example, other.example]\n"))
        #expect(error.description.contains("keepsake.yaml:5:20: sender.allowed_domains: the From domain shop.example"), "\(error)")
    }

    @Test func allowedDomainsAreLowerCasedAndChecked() throws {
        let fixture = try ConfigurationFixture()
        let configuration = try fixture.load(minimalFile + "  allowed_domains:\n    - Shop.Example\n    - news.shop.example\n")
        #expect(configuration.sender.allowedDomains == ["shop.example", "news.shop.example"])
        let error = try #require(try fixture.error(minimalFile + "  allowed_domains: [shop.example, \"bad domain\"]\n"))
        #expect(error.description.contains("sender.allowed_domains: expected a domain name such as shop.example, got \"bad domain\""), "\(error)")
    }

    @Test func daemonSettingsAreReadAndGarbageIsNamedWithItsLine() throws {
        let fixture = try ConfigurationFixture()
        let configuration = try fixture.load(minimalFile + "daemon:\n  tick: 30s\n  in_doubt: resend\n")
        #expect(configuration.daemon.tick == .seconds(30))
        #expect(configuration.daemon.inDoubt == .resend)
        #expect(configuration.daemon.campaignsDirectory == "/etc/keepsake/campaigns")
        let wrongPolicy = try #require(try fixture.error(minimalFile + "daemon:\n  in_doubt: maybe\n"))
        #expect(wrongPolicy.description.contains(":6:13: daemon.in_doubt:"), "\(wrongPolicy)")
        #expect(wrongPolicy.description.contains("hold"), "\(wrongPolicy)")
        let tooFast = try #require(try fixture.error(minimalFile + "daemon:\n  tick: 10ms\n"))
        #expect(tooFast.description.contains("daemon.tick: expected at least 1s"), "\(tooFast)")
        let unknown = try #require(try fixture.error(minimalFile + "daemon:\n  tik: 30s\n"))
        #expect(unknown.description.contains("tick"), "did-you-mean: \(unknown)")
    }

    @Test func theSuppressionBreakerIsReadWithItsDefaultAndBounds() throws {
        let fixture = try ConfigurationFixture()
        #expect(try fixture.load(minimalFile).daemon.suppressionBreaker == 20)
        #expect(try fixture.load(minimalFile + "daemon:\n  suppression_breaker: 5\n").daemon.suppressionBreaker == 5)
        let zero = try #require(try fixture.error(minimalFile + "daemon:\n  suppression_breaker: 0\n"))
        #expect(zero.description.contains(":6:24: daemon.suppression_breaker:"), "\(zero)")
        #expect(zero.description.contains("1"), "\(zero)")
    }

    @Test func aPasswordKeyIsRefused() throws {
        let error = try #require(try ConfigurationFixture().error("""
            smtp:
              url: smtp://relay.example.net:587
              username: keepsake
              password: hunter2
            sender:
              from: hello@shop.example

            """))
        #expect(error.description.contains("keepsake.yaml:4:3: smtp.password: a password never goes in the configuration file"), "\(error)")
        #expect(error.description.contains("password_file, in an environment variable named by password_env, or in a systemd credential"))
        #expect(!error.description.contains("hunter2"))
    }

    @Test(arguments: [
        ("smtp:\n  url: smtp://relay.example.net:587\n  strattls: off\nsender:\n  from: a@shop.example\n", "keepsake.yaml:3:3: smtp.strattls: unknown key (did you mean starttls?)"),
        ("smtp:\n  url: smtp://relay.example.net:587\nsender:\n  from: a@shop.example\ndatabse:\n  path: x\n", "keepsake.yaml:5:1: databse: unknown key (did you mean database?)"),
        ("smtp:\n  url: smtp://relay.example.net:587\n  timeouts: {connect: 10s, totl: 5m}\nsender:\n  from: a@shop.example\n", "keepsake.yaml:3:28: smtp.timeouts.totl: unknown key (did you mean total?)"),
        ("sender:\n  from: a@shop.example\n", "keepsake.yaml:1:1: smtp.url: missing; add a smtp: section with url: smtp://relay.example.net:587 (or set KEEPSAKE_SMTP_URL)"),
        ("smtp:\nsender:\n  from: a@shop.example\n", "keepsake.yaml:1:1: smtp: this section is empty; add url: smtp://relay.example.net:587 below it (or set KEEPSAKE_SMTP_URL)"),
        ("smtp:\n  starttls: required\nsender:\n  from: a@shop.example\n", "keepsake.yaml:2:3: smtp.url: missing; add url under smtp, for example url: smtp://relay.example.net:587 (or set KEEPSAKE_SMTP_URL)"),
        ("smtp:\n  url: smtp://relay.example.net:587\n  connections: 100\nsender:\n  from: a@shop.example\n", "keepsake.yaml:3:16: smtp.connections: expected a whole number from 1 to 64, got 100"),
        ("smtp:\n  url: smtp://relay.example.net:587\n  timeouts:\n    connect: ten\nsender:\n  from: a@shop.example\n", "keepsake.yaml:4:14: smtp.timeouts.connect: expected a duration such as 30s, 5m or 1h, got \"ten\""),
        ("smtp:\n  url: smtp://relay.example.net:587\n  timeouts:\n    reply: 0s\nsender:\n  from: a@shop.example\n", "keepsake.yaml:4:12: smtp.timeouts.reply: a timeout must be longer than zero"),
        ("smtp:\n  url: smtp://relay.example.net:587\n  verify_certificates: no\nsender:\n  from: a@shop.example\n", "keepsake.yaml:3:24: smtp.verify_certificates: expected true or false, got \"no\" (write false instead"),
        ("smtp:\n  url: http://relay.example.net\nsender:\n  from: a@shop.example\n", "keepsake.yaml:2:8: smtp.url: "),
        ("smtp:\n  url: smtp://relay.example.net:587\n  helo_name: \"not a host\"\nsender:\n  from: a@shop.example\n", "keepsake.yaml:3:14: smtp.helo_name: helo_name \"not a host\" is not a host name"),
        ("smtp:\n  url: smtp://relay.example.net:587\nsender:\n  from: \"Sahab Shop <not-an-address>\"\n", "keepsake.yaml:4:9: sender.from: "),
        ("smtp:\n  url: smtp://relay.example.net:587\nsender:\n  from: a@shop.example\nunsubscribe:\n  base_url: http://shop.example/u\n", "keepsake.yaml:6:13: unsubscribe.base_url: expected an https:// address such as https://shop.example/keepsake, got \"http://shop.example/u\""),
        ("smtp:\n  url: smtp://relay.example.net:587\nsender:\n  from: a@shop.example\n  message_id_domain: \"shop example\"\n", "keepsake.yaml:5:22: sender.message_id_domain: expected a domain name"),
        ("smtp: smtp://relay.example.net:587\n", "keepsake.yaml:1:7: smtp: expected a section of \"key: value\" lines indented below smtp"),
        ("smtp:\n  url: smtp://relay.example.net:587\n  url: smtp://other.example.net\n", "keepsake.yaml:3:3: smtp.url: this key is given twice"),
        ("smtp:\n\turl: smtp://relay.example.net:587\n", "keepsake.yaml:2:1: a tab character is not allowed here"),
    ])
    func mistakesAreReportedWhereTheyAre(contents: String, expected: String) throws {
        let error = try #require(try ConfigurationFixture().error(contents))
        #expect(error.code == .invalidSetting)
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test func anExplicitFileMustExist() throws {
        let fixture = try ConfigurationFixture()
        let missing = fixture.directory.appendingPathComponent("nope.yaml").path
        #expect(throws: ConfigurationError.self) { try fixture.load(path: missing) }
        do {
            _ = try fixture.load(path: missing)
        } catch {
            #expect(error.code == .fileNotFound)
            #expect(error.description.contains("\(missing): the configuration file named by --config does not exist"))
        }
        do {
            _ = try fixture.load(path: nil, environment: ["KEEPSAKE_CONFIG": missing])
            Issue.record("a missing KEEPSAKE_CONFIG file loaded")
        } catch {
            #expect(error.code == .fileNotFound)
            #expect(error.description.contains("named by KEEPSAKE_CONFIG"))
        }
    }

    @Test func fileResolutionPrefersTheFlagThenTheVariableThenTheDefaultPath() throws {
        let fixture = try ConfigurationFixture()
        let flagged = try fixture.write(minimalFile.replacingOccurrences(of: "relay.example.net", with: "flag.example.net"), to: "flag.yaml")
        let variable = try fixture.write(minimalFile.replacingOccurrences(of: "relay.example.net", with: "variable.example.net"), to: "variable.yaml")
        let standard = try fixture.write(minimalFile.replacingOccurrences(of: "relay.example.net", with: "standard.example.net"), to: "standard.yaml")
        let environment = ["KEEPSAKE_CONFIG": variable]
        #expect(try KeepsakeConfiguration.load(path: flagged, environment: environment, defaultPath: standard).smtp.host == "flag.example.net")
        #expect(try KeepsakeConfiguration.load(path: nil, environment: environment, defaultPath: standard).smtp.host == "variable.example.net")
        #expect(try KeepsakeConfiguration.load(path: nil, environment: [:], defaultPath: standard).smtp.host == "standard.example.net")
        #expect(try KeepsakeConfiguration.load(path: nil, environment: [:], defaultPath: standard).source == standard)
    }
}
