import Foundation
import KeepsakeTestSupport
import Testing
@testable import Mail

/// Keys and signers for the DKIM tests, made once per test process, and the zone-file lines that
/// publish them for dkimpy's stub DNS.
enum DKIMTestKeys {
    static let rsa: DKIMSigningIdentity = {
        // A test cannot go on without its keys; generation only fails for a size the code refuses.
        try! DKIMSigningIdentity(domain: "shop.example", selector: "ks2026", key: DKIMPrivateKey.generate(.rsa))
    }()
    static let ed25519: DKIMSigningIdentity = {
        try! DKIMSigningIdentity(domain: "shop.example", selector: "ks2026e", key: DKIMPrivateKey.generate(.ed25519))
    }()

    /// Signs with RSA, then Ed25519.
    static let signer = DKIMSigner([rsa, ed25519])

    /// The TXT records of both keys, as `keepsake dkim keygen` prints them.
    static let zone = [rsa, ed25519].map { DKIMKeyRecord(publishing: $0.key).zoneFileLine(for: $0) }

    /// A composed Persian message with every signed field: Reply-To, List-Unsubscribe with its Post.
    static func composedMessage(subject: String = "تولدت مبارک، سارا! 🎁 ۲۰٪ تخفیف") throws -> [UInt8] {
        let message = try MailFixtures.message(
            toName: "سارا کریمی",
            replyTo: Mailbox(displayName: "Care", address: EmailAddress("care@shop.example")),
            subject: subject,
            text: "سلام سارا،\nتولدت مبارک!  ۲۰٪ تخفیف 🎉\n",
            html: "<p dir=\"rtl\">تولدت مبارک! 🎉</p>\n",
            listUnsubscribe: try ListUnsubscribe(
                mailto: EmailAddress("unsubscribe@shop.example"), https: URL(string: "https://shop.example/u/c1.abc")))
        return try MIMEComposer(fixedBoundary: MailFixtures.boundary).compose(message)
    }

    /// The message signed by both keys.
    static func signedMessage() throws -> [UInt8] {
        try signer.sign(composedMessage())
    }

    /// Replaces the first occurrence of `old` in the message's bytes, recording a failure when absent.
    static func replacing(_ old: String, with new: String, in bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let range = text.range(of: old) else {
            Issue.record("the message does not contain \(old)", sourceLocation: sourceLocation)
            return bytes
        }
        return Array(text.replacingCharacters(in: range, with: new).utf8)
    }
}
