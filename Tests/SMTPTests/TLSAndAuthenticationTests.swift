import Foundation
import KeepsakeTestSupport
import SMTP
import Testing

@Suite("STARTTLS and AUTH against a real server")
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
