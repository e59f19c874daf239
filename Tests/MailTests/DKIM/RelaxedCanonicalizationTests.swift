import Foundation
import Testing
@testable import Mail

/// DKIM's relaxed canonicalization against RFC 6376: the example of §3.4.6 and each rule of
/// §3.4.2 (header fields) and §3.4.4 (body) on its own.
@Suite("DKIM relaxed canonicalization")
struct RelaxedCanonicalizationTests {
    static func header(_ field: String) -> String {
        var output: [UInt8] = []
        RelaxedCanonicalization.appendHeader(Array(field.utf8)[...], to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    static func body(_ text: String) -> String {
        String(decoding: RelaxedCanonicalization.body(Array(text.utf8)[...]), as: UTF8.self)
    }

    @Test("RFC 6376 §3.4.6: the example message in relaxed form")
    func rfcExample() {
        #expect(Self.header("A: X\r\n") == "a:X\r\n")
        #expect(Self.header("B : Y\t\r\n\tZ  \r\n") == "b:Y Z\r\n")
        #expect(Self.body(" C \r\nD \t E\r\n\r\n\r\n") == " C\r\nD E\r\n")
    }

    @Test("header: the name is lower-cased, the value keeps its case")
    func headerCase() {
        #expect(Self.header("SUBJECT: Happy BIRTHDAY\r\n") == "subject:Happy BIRTHDAY\r\n")
        #expect(Self.header("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n")
            == "list-unsubscribe-post:List-Unsubscribe=One-Click\r\n")
    }

    @Test("header: runs of spaces and tabs become one space; none around the colon or at the ends")
    func headerWhiteSpace() {
        #expect(Self.header("Subject \t:  \t a \t  b   \r\n") == "subject:a b\r\n")
        #expect(Self.header("To:\tSara <sara@example.com>\t\r\n") == "to:Sara <sara@example.com>\r\n")
    }

    @Test("header: folded lines are unfolded, the fold's white space kept as one space")
    func headerUnfolding() {
        #expect(Self.header("Subject: one\r\n two\r\n\t\tthree\r\n") == "subject:one two three\r\n")
        #expect(Self.header("Content-Type: multipart/alternative;\r\n boundary=\"=_ks_1\"\r\n")
            == "content-type:multipart/alternative; boundary=\"=_ks_1\"\r\n")
    }

    @Test("header: an empty value, and the DKIM-Signature field hashed without its line end")
    func headerEmptyValueAndNoLineEnd() {
        #expect(Self.header("X-Empty:   \r\n") == "x-empty:\r\n")
        var output: [UInt8] = []
        RelaxedCanonicalization.appendHeader(Array("DKIM-Signature: v=1;\r\n b=".utf8)[...], to: &output, withLineEnd: false)
        #expect(String(decoding: output, as: UTF8.self) == "dkim-signature:v=1; b=")
    }

    @Test("body: white space at line ends is removed, other runs become one space")
    func bodyTrailingWhiteSpace() {
        #expect(Self.body("Hello  \t there \t\r\n\tindented\r\n") == "Hello there\r\n indented\r\n")
    }

    @Test("body: empty lines at the end are removed, those between lines are kept")
    func bodyEmptyLinesAtEnd() {
        #expect(Self.body("one\r\n\r\n\r\ntwo\r\n\r\n \r\n\t\r\n") == "one\r\n\r\n\r\ntwo\r\n")
    }

    @Test("body: an empty body, or one of empty lines only, is empty: SHA-256 47DEQ… (relaxed, unlike simple's CRLF)")
    func emptyBody() {
        #expect(Self.body("") == "")
        #expect(Self.body("\r\n\r\n") == "")
        #expect(Self.body(" \r\n") == "")
    }

    @Test("body: the signer's bh= of an empty body is SHA-256 of nothing, 47DEQ…")
    func emptyBodyHash() throws {
        let identity = try DKIMSigningIdentity(domain: "shop.example", selector: "ks", key: try .generate(.ed25519))
        let fields = try DKIMSigner([identity]).signatureFields(for: Array("From: a@shop.example\r\n\r\n\r\n".utf8))
        #expect(String(decoding: fields, as: UTF8.self).contains("bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;"))
    }

    @Test("body: a last line without CRLF gets one")
    func bodyMissingFinalLineEnd() {
        #expect(Self.body("last line") == "last line\r\n")
        #expect(Self.body("a\r\nb  ") == "a\r\nb\r\n")
    }

    @Test("body: non-ASCII bytes and a lone CR or LF pass through unchanged")
    func bodyOtherBytes() {
        #expect(Self.body("سلام  دنیا\r\nbare\nLF\r\n") == "سلام دنیا\r\nbare\nLF\r\n")
    }
}
