import Foundation
import KeepsakeTestSupport
import Testing
@testable import Mail

/// Signed messages as dkimpy (the independent verifier) and Python's email parser read them.
@Suite("DKIM signing")
struct DKIMSignerTests {
    @Test("a signed Persian message verifies with dkimpy, rsa-sha256 and ed25519-sha256, and the parser finds no defect")
    func bothSignaturesVerify() throws {
        let signed = try DKIMTestKeys.signedMessage()
        let result = try DKIMVerifier.verify(signed, zone: DKIMTestKeys.zone)
        #expect(result.rsa == true, "\(result.errors)")
        #expect(result.ed25519 == true, "\(result.errors)")
        #expect(result.signatures.map(\.algorithm) == ["rsa-sha256", "ed25519-sha256"])
        let check = try MessageChecker.check(signed, expecting: .init(subject: "تولدت مبارک، سارا! 🎁 ۲۰٪ تخفیف", toName: "سارا کریمی"))
        #expect(check.defects.isEmpty && check.lineProblems.isEmpty && check.mismatches.isEmpty,
                "\(check.defects) \(check.lineProblems) \(check.mismatches)")
        #expect(check.count(of: "DKIM-Signature") == 2)
    }

    @Test("the fields go in front of the unchanged message, folded within 78 characters, CRLF")
    func fieldLayout() throws {
        let composed = try DKIMTestKeys.composedMessage()
        let signed = try DKIMTestKeys.signer.sign(composed)
        let fields = try DKIMTestKeys.signer.signatureFields(for: composed)
        #expect(signed == fields + composed)
        let text = String(decoding: fields, as: UTF8.self)
        #expect(text.replacingOccurrences(of: "\r\n ", with: " ")
            .hasPrefix("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=shop.example; s=ks2026; h=from:from:"))
        #expect(text.hasSuffix("\r\n"))
        let lines = text.dropLast(2).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines.map(\.utf8.count))")
        #expect(!lines.contains { $0.contains("\n") || $0.contains("\r") })
        #expect(lines.filter { $0.hasPrefix("DKIM-Signature:") }.count == 2)
        #expect(lines.contains { $0.contains("a=ed25519-sha256;") })
        #expect(lines.filter { !$0.hasPrefix("DKIM-Signature:") }.allSatisfy { $0.hasPrefix(" ") })
    }

    @Test("h= lists each signed field once more than it occurs (over-signing), bottom-up order aside")
    func overSigning() throws {
        let fields = String(decoding: try DKIMTestKeys.signer.signatureFields(for: DKIMTestKeys.composedMessage()), as: UTF8.self)
        let unfolded = fields.replacingOccurrences(of: "\r\n ", with: "")
        let tagList = try #require(unfolded.components(separatedBy: "h=").dropFirst().first?.components(separatedBy: ";").first)
        let names = tagList.components(separatedBy: ":")
        #expect(names == [
            "from", "from", "to", "to", "subject", "subject", "date", "date", "message-id", "message-id",
            "mime-version", "mime-version", "content-type", "content-type", "list-unsubscribe", "list-unsubscribe",
            "list-unsubscribe-post", "list-unsubscribe-post", "reply-to", "reply-to",
        ])
    }

    @Test("body lines that start or are filled with runs of spaces (quoted-printable keeps them) still verify")
    func spacesInTheBody() throws {
        let message = try MailFixtures.message(text: "Hello,\n    indented   by four\n \tmixed\n\nend\n", html: nil)
        let composed = try MIMEComposer(fixedBoundary: MailFixtures.boundary).compose(message)
        #expect(String(decoding: composed, as: UTF8.self).contains("\r\n    indented   by four"))
        let result = try DKIMVerifier.verify(try DKIMTestKeys.signer.sign(composed), zone: DKIMTestKeys.zone)
        #expect(result.rsa == true && result.ed25519 == true, "\(result.errors)")
    }

    @Test("signing is deterministic: the same message gives the same bytes (no t=), as preview promises")
    func deterministic() throws {
        let composed = try DKIMTestKeys.composedMessage()
        #expect(try DKIMTestKeys.signer.sign(composed) == DKIMTestKeys.signer.sign(composed))
        #expect(!String(decoding: try DKIMTestKeys.signer.signatureFields(for: composed), as: UTF8.self).contains(" t="))
    }

    @Test("a long signing domain keeps d= whole on a line under 998 octets, and still verifies")
    func longDomain() throws {
        let domain = (1...4).map { _ in String(repeating: "a", count: 60) }.joined(separator: ".") + ".example"
        let identity = try DKIMSigningIdentity(domain: domain, selector: "ks", key: DKIMTestKeys.ed25519.key)
        let signed = try DKIMSigner([identity]).sign(DKIMTestKeys.composedMessage())
        let lines = String(decoding: signed, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 998 })
        #expect(lines.contains { $0.contains("d=\(domain);") })
        let zone = [DKIMKeyRecord(publishing: identity.key).zoneFileLine(for: identity)]
        #expect(try DKIMVerifier.verify(signed, zone: zone).ed25519 == true)
    }

    @Test("bytes without an empty line after the header, or a header line without a colon, cannot be signed")
    func unsignable() throws {
        for garbage in ["From: a@shop.example\r\nSubject: no body", "From a@shop.example\r\n\r\nbody\r\n", ""] {
            #expect(throws: MailError.self) { try DKIMTestKeys.signer.sign(Array(garbage.utf8)) }
            do {
                _ = try DKIMTestKeys.signer.sign(Array(garbage.utf8))
            } catch {
                #expect(error.code == .unsignableMessage)
            }
        }
    }
}

/// Changing a signed message breaks its signatures, as dkimpy sees it.
@Suite("DKIM tampering")
struct DKIMTamperingTests {
    static func expectBothFail(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try DKIMVerifier.verify(bytes, zone: DKIMTestKeys.zone)
        #expect(result.rsa == false, "rsa-sha256 still verifies", sourceLocation: sourceLocation)
        #expect(result.ed25519 == false, "ed25519-sha256 still verifies", sourceLocation: sourceLocation)
    }

    @Test("the untouched message verifies (the control for the tests below)")
    func control() throws {
        let result = try DKIMVerifier.verify(try DKIMTestKeys.signedMessage(), zone: DKIMTestKeys.zone)
        #expect(result.rsa == true && result.ed25519 == true, "\(result.errors)")
    }

    @Test("a changed Subject fails")
    func changedSubject() throws {
        let signed = try DKIMTestKeys.signer.sign(DKIMTestKeys.composedMessage(subject: "Happy birthday, Sara!"))
        try Self.expectBothFail(DKIMTestKeys.replacing("Subject: Happy birthday", with: "Subject: Happy Birthday", in: signed))
    }

    @Test("a changed List-Unsubscribe fails")
    func changedListUnsubscribe() throws {
        let signed = try DKIMTestKeys.signedMessage()
        try Self.expectBothFail(DKIMTestKeys.replacing("https://shop.example/u/c1.abc", with: "https://evil.example/u/c1.abc", in: signed))
    }

    @Test("one byte changed in the body fails (body hash mismatch)")
    func changedBodyByte() throws {
        var signed = try DKIMTestKeys.signedMessage()
        let separator = Array("\r\n\r\n".utf8)
        let headerEnd = try #require((0..<(signed.count - 3)).first { Array(signed[$0..<($0 + 4)]) == separator })
        // A letter in the middle of the body (inside an encoded part), so the message stays well-formed.
        let middle = headerEnd + 4 + (signed.count - headerEnd - 4) / 2
        let index = try #require((middle..<signed.count).first { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(signed[$0]) })
        signed[index] = signed[index] == UInt8(ascii: "q") ? UInt8(ascii: "r") : UInt8(ascii: "q")
        let result = try DKIMVerifier.verify(signed, zone: DKIMTestKeys.zone)
        #expect(result.rsa == false && result.ed25519 == false)
        #expect(result.signatures.allSatisfy { $0.error?.contains("body hash mismatch") == true }, "\(result.errors)")
    }

    @Test("a second From field added on the way fails (over-signed)")
    func addedFrom() throws {
        let signed = try DKIMTestKeys.signedMessage()
        try Self.expectBothFail(DKIMTestKeys.replacing("Date: ", with: "From: Sahab Shop <hello@evil.example>\r\nDate: ", in: signed))
    }

    @Test("a second Subject field added on the way fails (over-signed)")
    func addedSubject() throws {
        let signed = try DKIMTestKeys.signedMessage()
        try Self.expectBothFail(DKIMTestKeys.replacing("Date: ", with: "Subject: You won a prize\r\nDate: ", in: signed))
    }

    @Test("re-folding a header and adding an unsigned field keep it valid (relaxed, not over-strict)")
    func relaxedChangesVerify() throws {
        let signed = try DKIMTestKeys.signedMessage()
        let refolded = DKIMTestKeys.replacing("MIME-Version: 1.0", with: "MIME-Version:   \r\n\t1.0  ", in: signed)
        let withReceived = Array("Received: from relay.example by mx.example\r\n".utf8) + refolded
        let result = try DKIMVerifier.verify(withReceived, zone: DKIMTestKeys.zone)
        #expect(result.rsa == true && result.ed25519 == true, "\(result.errors)")
    }
}
