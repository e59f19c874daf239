import Foundation
import KeepsakeTestSupport
import SMTP
import Testing

@Suite("STARTTLS, implicit TLS and AUTH against a real server")
struct TLSAndAuthenticationTests {
    @Test func requiredSTARTTLSWithAPrivateCADelivers() async throws {
        let tls = try TLSMaterial.selfSigned()
        let server = try CaptureServer.start(.init(starttls: tls, requireStarttls: true))
        defer { server.stop() }
        let configuration = try SMTPTestSupport.configuration(for: server, startTLS: .required, caFile: tls.certificate.path)
        let outcome = try await SMTPTestSupport.sendOne(to: "sara@example.com", configuration: configuration)
        #expect(outcome.verdict == .delivered)
        #expect(try server.messages().count == 1)
    }

    @Test func untrustedCertificateIsAPermanentTLSFailure() async throws {
        let tls = try TLSMaterial.selfSigned()
        let server = try CaptureServer.start(.init(starttls: tls, requireStarttls: true))
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(
            to: "sara@example.com", configuration: SMTPTestSupport.configuration(for: server, startTLS: .required)
        )
        #expect(outcome.verdict == .permanent)
        #expect(outcome.stage == .tls)
        #expect(outcome.isConfigurationFailure)
        #expect(try server.messages().isEmpty)
    }

    @Test func requiredSTARTTLSAgainstAServerWithoutItFailsClosed() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(
            to: "sara@example.com", configuration: SMTPTestSupport.configuration(for: server, startTLS: .required)
        )
        #expect(outcome.verdict == .permanent)
        #expect(outcome.stage == .tls)
        #expect(try server.messages().isEmpty)
    }

    @Test func optionalSTARTTLSFallsBackToPlaintext() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(
            to: "sara@example.com", configuration: SMTPTestSupport.configuration(for: server, startTLS: .optional)
        )
        #expect(outcome.verdict == .delivered)
    }

    @Test func implicitTLSWithAPrivateCADeliversIntact() async throws {
        let tls = try TLSMaterial.selfSigned()
        let server = try CaptureServer.start(.init(implicitTLS: tls))
        defer { server.stop() }
        #expect(server.url.hasPrefix("smtps://"))
        let configuration = try SMTPTestSupport.configuration(for: server, caFile: tls.certificate.path)
        #expect(configuration.usesImplicitTLS && configuration.verifyCertificates)
        let outcome = try await SMTPTestSupport.sendOne(to: "sara@example.com", configuration: configuration)
        #expect(outcome.verdict == .delivered)
        #expect(outcome.reply?.code == 250)
        let message = try #require(try server.messages().first)
        #expect(message.overTLS)
        let check = try MessageChecker.check(message.raw, expecting: SMTPTestSupport.defaultMessageExpectation)
        #expect(check.defects.isEmpty)
        #expect(check.lineProblems.isEmpty)
        #expect(check.mismatches.isEmpty)
        let firstEvents = try server.events().prefix(3).map(\.kind)
        #expect(firstEvents == ["connect", "tls", "reply"])  // the handshake came before the greeting
    }

    @Test func implicitTLSWithoutTheCAFileIsAPermanentTLSFailure() async throws {
        let tls = try TLSMaterial.selfSigned()
        let server = try CaptureServer.start(.init(implicitTLS: tls))
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(to: "sara@example.com", configuration: SMTPTestSupport.configuration(for: server))
        #expect(outcome.verdict == .permanent)
        #expect(outcome.stage == .tls)
        #expect(outcome.reply == nil)
        #expect(outcome.isConfigurationFailure)
        #expect(!outcome.isRecipientFailure)
        #expect(try server.messages().isEmpty)
        server.stop()  // its events are complete once it has exited
        let events = try server.events()
        #expect(events.filter { $0.kind == "tls" }.map(\.ok) == [false])
        #expect(!events.contains { $0.kind == "reply" })  // no SMTP was spoken
    }

    @Test("smtps:// pointed at a STARTTLS port (\"wrong version number\") is a permanent TLS failure that pauses sending")
    func implicitTLSAgainstAStartTLSPortIsAConfigurationFailure() async throws {
        let tls = try TLSMaterial.selfSigned()
        let server = try CaptureServer.start(.init(starttls: tls))
        defer { server.stop() }
        #expect(server.url.hasPrefix("smtp://"))
        let configuration = try SMTPConfiguration(
            url: server.url.replacingOccurrences(of: "smtp://", with: "smtps://"), startTLS: .off, heloName: "keepsake.test",
            verifyCertificates: true, caFile: tls.certificate.path, connectTimeout: .seconds(5), replyTimeout: .seconds(10),
            totalTimeout: .seconds(30))
        let outcome = try await SMTPTestSupport.sendOne(to: "sara@example.com", configuration: configuration)
        #expect(outcome.verdict == .permanent, "\(outcome)")
        #expect(outcome.stage == .tls)
        #expect(outcome.curlCode == 35)  // CURLE_SSL_CONNECT_ERROR
        #expect(outcome.isConfigurationFailure)
        #expect(try server.messages().isEmpty)
    }

    @Test("a relay that refuses the connection stays a transient failure: no pause for a relay that is down")
    func refusedConnectionIsTransient() async throws {
        let server = try CaptureServer.start()
        let configuration = try SMTPTestSupport.configuration(for: server)
        server.stop()  // nothing listens on its port now
        let outcome = try await SMTPTestSupport.sendOne(to: "sara@example.com", configuration: configuration)
        #expect(outcome.verdict == .transient, "\(outcome)")
        #expect(outcome.stage == .connect)
        #expect(!outcome.isConfigurationFailure)
    }

    @Test(arguments: [SMTPConfiguration.AuthenticationMechanism.plain, .login])
    func rightPasswordAuthenticates(mechanism: SMTPConfiguration.AuthenticationMechanism) async throws {
        let server = try CaptureServer.start(.init(authUser: "keepsake", authPassword: "s3cret pässword"))
        defer { server.stop() }
        let configuration = try SMTPTestSupport.configuration(
            for: server, credentials: .init(username: "keepsake", password: "s3cret pässword"), mechanism: mechanism
        )
        let outcome = try await SMTPTestSupport.sendOne(to: "sara@example.com", configuration: configuration)
        #expect(outcome.verdict == .delivered)
        #expect(try server.messages().count == 1)
    }

    @Test(arguments: [SMTPConfiguration.AuthenticationMechanism.plain, .login])
    func wrongPasswordIsAPermanentConfigurationFailure(mechanism: SMTPConfiguration.AuthenticationMechanism) async throws {
        let server = try CaptureServer.start(.init(authUser: "keepsake", authPassword: "s3cret"))
        defer { server.stop() }
        let configuration = try SMTPTestSupport.configuration(
            for: server, credentials: .init(username: "keepsake", password: "wrong"), mechanism: mechanism
        )
        let outcome = try await SMTPTestSupport.sendOne(to: "sara@example.com", configuration: configuration)
        #expect(outcome.verdict == .permanent)
        #expect(outcome.stage == .authentication)
        #expect(outcome.reply?.code == 535)
        #expect(outcome.isConfigurationFailure)
        #expect(!outcome.isRecipientFailure)
    }

    @Test func missingCredentialsAreRefusedByTheRelay() async throws {
        let server = try CaptureServer.start(.init(authUser: "keepsake", authPassword: "s3cret"))
        defer { server.stop() }
        let outcome = try await SMTPTestSupport.sendOne(to: "sara@example.com", configuration: SMTPTestSupport.configuration(for: server))
        #expect(outcome.verdict == .permanent)
        #expect(outcome.stage == .mailFrom)
        #expect(outcome.reply?.code == 530)
        #expect(outcome.isConfigurationFailure)
    }
}
