@testable import Configuration
import Foundation
import SMTP
import Testing

@Suite("Embedded defaults and environment overrides")
struct EnvironmentTests {
    @Test func withoutAFileTheEmbeddedDefaultsApply() throws {
        let configuration = try ConfigurationFixture().load(path: nil)
        #expect(configuration.smtp.host == "127.0.0.1")
        #expect(configuration.smtp.port == 2525)
        #expect(configuration.smtp.startTLS == .off)
        #expect(configuration.smtp.credentials == nil)
        #expect(configuration.sender.from.displayName == "Keepsake Demo")
        #expect(configuration.sender.from.address.description == "demo@keepsake.test")
        #expect(configuration.sender.allowedDomains == ["keepsake.test", "shop.example"])
        #expect(configuration.databasePath == "./keepsake.sqlite")
        #expect(configuration.connections == 4)
        #expect(configuration.pacing == .unlimited)
        #expect(configuration.source == "embedded defaults")
    }

    @Test(arguments: [
        ("KEEPSAKE_SMTP_URL", "smtp://127.0.0.1:9925"),
        ("KEEPSAKE_SMTP_STARTTLS", "optional"),
        ("KEEPSAKE_SMTP_HELO_NAME", "mail.shop.example"),
        ("KEEPSAKE_SMTP_VERIFY_CERTIFICATES", "false"),
        ("KEEPSAKE_SMTP_CA_FILE", "/etc/keepsake/ca.pem"),
        ("KEEPSAKE_SMTP_CONNECTIONS", "8"),
        ("KEEPSAKE_SMTP_RATE", "14/s, 50000/h"),
        ("KEEPSAKE_SMTP_PER_DOMAIN_CONNECTIONS", "2"),
        ("KEEPSAKE_SMTP_TIMEOUTS_CONNECT", "3s"),
        ("KEEPSAKE_SMTP_TIMEOUTS_REPLY", "250ms"),
        ("KEEPSAKE_SMTP_TIMEOUTS_TOTAL", "2h"),
        ("KEEPSAKE_SENDER_FROM", "Sahab <hello@shop.example>"),
        ("KEEPSAKE_SENDER_ENVELOPE_FROM", "bounces@keepsake.test"),
        ("KEEPSAKE_SENDER_REPLY_TO", "care@keepsake.test"),
        ("KEEPSAKE_SENDER_ALLOWED_DOMAINS", "keepsake.test, news.keepsake.test"),
        ("KEEPSAKE_SENDER_MESSAGE_ID_DOMAIN", "mail.keepsake.test"),
        ("KEEPSAKE_SENDER_VERP", "true"),
        ("KEEPSAKE_DATABASE_PATH", "/tmp/k.sqlite"),
        ("KEEPSAKE_UNSUBSCRIBE_MAILTO", "unsubscribe@keepsake.test"),
        ("KEEPSAKE_UNSUBSCRIBE_BASE_URL", "https://keepsake.test/u"),
        ("KEEPSAKE_UNSUBSCRIBE_SECRET_FILE", "/etc/passwd"),
        ("KEEPSAKE_UNSUBSCRIBE_LISTEN", "[::1]:8425"),
        ("KEEPSAKE_UNSUBSCRIBE_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8"),
        ("KEEPSAKE_DAEMON_TICK", "15s"),
        ("KEEPSAKE_DAEMON_IN_DOUBT", "resend"),
        ("KEEPSAKE_DAEMON_DRAIN_TIMEOUT", "2m"),
        ("KEEPSAKE_DAEMON_RELAY_ALARM", "1h"),
        ("KEEPSAKE_DAEMON_CAMPAIGNS", "/srv/shop/campaigns"),
        ("KEEPSAKE_DAEMON_TEMPLATES", "/srv/shop/templates"),
        ("KEEPSAKE_DAEMON_SUPPRESSION_BREAKER", "50"),
    ])
    func eachSettingCanBeOverridden(variable: String, text: String) throws {
        let configuration = try ConfigurationFixture().load(path: nil, environment: [variable: text])
        let observed: String = switch variable {
        case "KEEPSAKE_SMTP_URL": "smtp://\(configuration.smtp.host):\(configuration.smtp.port)"
        case "KEEPSAKE_SMTP_STARTTLS": configuration.smtp.startTLS.rawValue
        case "KEEPSAKE_SMTP_HELO_NAME": configuration.smtp.heloName ?? ""
        case "KEEPSAKE_SMTP_VERIFY_CERTIFICATES": "\(configuration.smtp.verifyCertificates)"
        case "KEEPSAKE_SMTP_CA_FILE": configuration.smtp.caFile ?? ""
        case "KEEPSAKE_SMTP_CONNECTIONS": "\(configuration.connections)"
        case "KEEPSAKE_SMTP_RATE": configuration.pacing.rate?.description ?? ""
        case "KEEPSAKE_SMTP_PER_DOMAIN_CONNECTIONS": configuration.pacing.perDomainConnections.map(String.init) ?? ""
        case "KEEPSAKE_SMTP_TIMEOUTS_CONNECT": configuration.smtp.connectTimeout == .seconds(3) ? text : ""
        case "KEEPSAKE_SMTP_TIMEOUTS_REPLY": configuration.smtp.replyTimeout == .milliseconds(250) ? text : ""
        case "KEEPSAKE_SMTP_TIMEOUTS_TOTAL": configuration.smtp.totalTimeout == .seconds(7200) ? text : ""
        case "KEEPSAKE_SENDER_FROM": "\(configuration.sender.from.displayName ?? "") <\(configuration.sender.from.address)>"
        case "KEEPSAKE_SENDER_ENVELOPE_FROM": configuration.sender.envelopeFrom.description
        case "KEEPSAKE_SENDER_REPLY_TO": configuration.sender.replyTo?.address.description ?? ""
        case "KEEPSAKE_SENDER_ALLOWED_DOMAINS": configuration.sender.allowedDomains.joined(separator: ", ")
        case "KEEPSAKE_SENDER_MESSAGE_ID_DOMAIN": configuration.sender.messageIDDomain
        case "KEEPSAKE_SENDER_VERP": "\(configuration.sender.verp)"
        case "KEEPSAKE_DATABASE_PATH": configuration.databasePath
        case "KEEPSAKE_UNSUBSCRIBE_MAILTO": configuration.unsubscribe.mailto?.description ?? ""
        case "KEEPSAKE_UNSUBSCRIBE_BASE_URL": configuration.unsubscribe.baseURL?.absoluteString ?? ""
        case "KEEPSAKE_UNSUBSCRIBE_SECRET_FILE":
            configuration.unsubscribe.secret == Array(FileManager.default.contents(atPath: text) ?? Data()) ? text : ""
        case "KEEPSAKE_UNSUBSCRIBE_LISTEN": configuration.unsubscribe.listen?.description ?? ""
        case "KEEPSAKE_UNSUBSCRIBE_TRUSTED_PROXIES": configuration.unsubscribe.trustedProxies.map(\.description).joined(separator: ", ")
        case "KEEPSAKE_DAEMON_TICK": configuration.daemon.tick == .seconds(15) ? text : "\(configuration.daemon.tick)"
        case "KEEPSAKE_DAEMON_IN_DOUBT": configuration.daemon.inDoubt.rawValue
        case "KEEPSAKE_DAEMON_DRAIN_TIMEOUT": configuration.daemon.drainTimeout == .seconds(120) ? text : "\(configuration.daemon.drainTimeout)"
        case "KEEPSAKE_DAEMON_RELAY_ALARM": configuration.daemon.relayAlarm == .seconds(3_600) ? text : "\(configuration.daemon.relayAlarm)"
        case "KEEPSAKE_DAEMON_CAMPAIGNS": configuration.daemon.campaignsDirectory
        case "KEEPSAKE_DAEMON_TEMPLATES": configuration.daemon.templatesDirectory
        case "KEEPSAKE_DAEMON_SUPPRESSION_BREAKER": "\(configuration.daemon.suppressionBreaker)"
        default: "unknown variable in the test table"
        }
        #expect(observed == text)
        #expect(configuration.source == "embedded defaults + environment (1 override)")
    }

    @Test func everySettingHasAVariableInTheOverrideTable() {
        // dkim.* (7) are overridden together: DKIMConfigurationTests; web.* (2) read a token file: HoldoutEndToEndTests.
        // inbound.imap.ca_file and inbound.campaign_pause.* (3): ConfigurationTests' inbound tests.
        // database.url, password_file, password_credential, tls, ca_file (5): PostgresSettingsTests.
        #expect(ConfigurationSchema.settingPaths.count == 65)
        #expect(ConfigurationSchema.environmentVariable(for: "smtp.timeouts.connect") == "KEEPSAKE_SMTP_TIMEOUTS_CONNECT")
    }

    @Test func overridesWinOverTheFile() throws {
        let fixture = try ConfigurationFixture()
        let configuration = try fixture.load(minimalFile, environment: [
            "KEEPSAKE_SMTP_URL": "smtps://other.example.net", "KEEPSAKE_SMTP_USERNAME": "u", "KEEPSAKE_SMTP_PASSWORD": "p",
        ])
        #expect(configuration.smtp.host == "other.example.net" && configuration.smtp.port == 465)
        #expect(configuration.smtp.credentials == .init(username: "u", password: "p"))
        #expect(configuration.source.hasSuffix("keepsake.yaml + environment (3 overrides)"))
    }

    @Test func anEmptyOverrideClearsAnOptionalSetting() throws {
        let configuration = try ConfigurationFixture().load(minimalFile + "  reply_to: care@shop.example\n", environment: ["KEEPSAKE_SENDER_REPLY_TO": ""])
        #expect(configuration.sender.replyTo == nil)
    }

    @Test(arguments: [
        ("KEEPSAKE_SMTP_CONNECTIONS", "many", "environment KEEPSAKE_SMTP_CONNECTIONS: expected a whole number from 1 to 64, got \"many\""),
        ("KEEPSAKE_SMTP_RATE", "fast", "environment KEEPSAKE_SMTP_RATE: expected a rate such as 14/s, 50000/h or \"14/s, 50000/h\", got \"fast\""),
        ("KEEPSAKE_SMTP_PER_DOMAIN_CONNECTIONS", "0", "environment KEEPSAKE_SMTP_PER_DOMAIN_CONNECTIONS: expected a whole number from 1 to 64, got 0"),
        ("KEEPSAKE_SMTP_STARTTLS", "yes", "environment KEEPSAKE_SMTP_STARTTLS: expected one of required, optional or off, got \"yes\""),
        ("KEEPSAKE_SMTP_TIMEOUTS_TOTAL", "5", "environment KEEPSAKE_SMTP_TIMEOUTS_TOTAL: expected a duration such as 30s, 5m or 1h, got \"5\" (add a unit"),
        ("KEEPSAKE_SMTP_VERIFY_CERTIFICATES", "on", "environment KEEPSAKE_SMTP_VERIFY_CERTIFICATES: expected true or false, got \"on\""),
        ("KEEPSAKE_SMTP_URL", "smtp://relay.example.net:587", "environment KEEPSAKE_SMTP_URL: starttls: off is allowed only for a relay on loopback"),
        ("KEEPSAKE_SENDER_FROM", "nobody", "environment KEEPSAKE_SENDER_FROM: "),
        ("KEEPSAKE_UNSUBSCRIBE_SECRET_FILE", "/nonexistent/secret", "environment KEEPSAKE_UNSUBSCRIBE_SECRET_FILE: cannot read the secret file /nonexistent/secret"),
        ("KEEPSAKE_UNSUBSCRIBE_SECRET_FILE", "/etc/debian_version", "environment KEEPSAKE_UNSUBSCRIBE_SECRET_FILE: the secret file /etc/debian_version holds"),
        ("KEEPSAKE_SENDER_ALLOWED_DOMAINS", "other.example", "environment KEEPSAKE_SENDER_ALLOWED_DOMAINS: the From domain keepsake.test"),
        ("KEEPSAKE_UNSUBSCRIBE_BASE_URL", "ftp://x", "environment KEEPSAKE_UNSUBSCRIBE_BASE_URL: expected an https:// address"),
        ("KEEPSAKE_SMTP_USERNAME", "keepsake", "environment KEEPSAKE_SMTP_USERNAME: a username needs a password"),
    ])
    func badValuesNameTheVariable(variable: String, text: String, expected: String) throws {
        let error = try #require(try ConfigurationFixture().error(environment: [variable: text]))
        #expect(error.code == .invalidSetting)
        #expect(error.description.hasPrefix(expected), "\(error)")
    }

    @Test(arguments: [
        ("KEEPSAKE_SMTP_URLL", "environment KEEPSAKE_SMTP_URLL: not a Keepsake setting (did you mean KEEPSAKE_SMTP_URL?)"),
        ("KEEPSAKE_SMTP_STARTLS", "(did you mean KEEPSAKE_SMTP_STARTTLS?)"),
        ("KEEPSAKE_SMTP_PASSWORDS", "(did you mean KEEPSAKE_SMTP_PASSWORD?)"),
        ("KEEPSAKE_SMTP", "environment KEEPSAKE_SMTP: not a Keepsake setting"),
        ("KEEPSAKE_COLOUR", "such as KEEPSAKE_SMTP_URL for smtp.url"),
    ])
    func unknownKeepsakeVariablesAreRefused(variable: String, expected: String) throws {
        let error = try #require(try ConfigurationFixture().error(environment: [variable: "x"]))
        #expect(error.code == .unknownEnvironmentVariable)
        #expect(error.description.contains(expected), "\(error)")
    }

    @Test func variablesReadElsewhereAreNotSettings() throws {
        let configuration = try ConfigurationFixture().load(path: nil, environment: ["KEEPSAKE_LOG_LEVEL": "debug", "KEEPSAKE_CONFIG": "", "HOME": "/root"])
        #expect(configuration.source == "embedded defaults")
    }

    @Test func clearingARequiredSettingIsRefused() throws {
        let fixture = try ConfigurationFixture()
        let path = try fixture.write(minimalFile)
        #expect(throws: ConfigurationError.self) { try fixture.load(path: path, environment: ["KEEPSAKE_SMTP_URL": " "]) }
        do {
            _ = try fixture.load(path: path, environment: ["KEEPSAKE_SMTP_URL": ""])
        } catch {
            #expect(error.description == "environment KEEPSAKE_SMTP_URL: is empty, but smtp.url needs a value such as smtp://relay.example.net:587")
        }
    }
}
