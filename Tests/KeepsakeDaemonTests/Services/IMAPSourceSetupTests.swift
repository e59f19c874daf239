@testable import Configuration
import Foundation
import IMAP
import KeepsakeTestSupport
import Testing
@testable import KeepsakeDaemon

/// `inbound.imap.*` as the daemon builds its IMAP source from it, against a real Dovecot whose
/// certificate is self-signed: `ca_file` is what makes the daemon trust it.
@Suite("IMAP source setup through Dovecot")
struct IMAPSourceSetupTests {
    @Test("inbound.imap.ca_file is the CA the IMAP client trusts: with the test Dovecot's own certificate it connects, without it the certificate is refused")
    func caFileIsTrusted() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let tls = try #require(server.tls)
        let passwordFile = FileManager.default.temporaryDirectory.appendingPathComponent("imap-password-\(UUID().uuidString)")
        try server.password.write(to: passwordFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: passwordFile) }
        try server.deliver(Array("From: MAILER-DAEMON@returns.test\r\nSubject: bounce\r\n\r\nbody\r\n".utf8))
        let implicitTLSURL = try #require(server.implicitTLSURL)
        var settings = IMAPInboundConfiguration(
            url: try #require(URL(string: implicitTLSURL)), user: server.user, passwordFile: passwordFile.path,
            passwordCredential: nil, folder: "INBOX", processedFolder: "Keepsake.Processed", keptAsideFolder: "Keepsake.Kept aside",
            requireSTARTTLS: true, caFile: tls.certificate.path)

        let trusted = try IMAPSourceSetup.source(settings)
        try await trusted.prepare()
        #expect(try await trusted.waiting(limit: 10).count == 1)
        await trusted.client.shutdown()

        settings.caFile = nil
        let untrusted = try IMAPSourceSetup.source(settings)
        await #expect(throws: IMAPError.self) { try await untrusted.prepare() }
        await untrusted.client.shutdown()
    }
}
