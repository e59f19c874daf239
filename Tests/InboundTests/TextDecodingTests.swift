import Foundation
import Inbound
import Testing

@Suite("Headers, transfer encodings and charsets of inbound mail") struct TextDecodingTests {
    @Test("encoded-words in ISO-8859-1 and UTF-8 are decoded, adjacent words joined without the space between")
    func encodedWords() throws {
        let text = "From: a@example.org\nSubject: =?ISO-8859-1?Q?R=E9ponse?= =?UTF-8?B?INmG2YjYsdmI2LI=?= done\n\nx\n"
        let message = try MessageReader().read(Array(text.utf8))
        #expect(message.root.header.text("Subject") == "Réponse نوروز done")
    }

    @Test("folded header fields are unfolded")
    func unfolding() throws {
        let message = try MessageReader().read(Array("From: a@example.org\nSubject: one\n two\n\tthree\n\nx\n".utf8))
        #expect(message.root.header.value("subject") == "one two\tthree")
    }

    @Test("quoted-printable Windows-1252 and base64 UTF-8 bodies are decoded exactly")
    func bodies() throws {
        let reply = try MessageReader().read(try InboundSamples.bytes("out-of-office.eml"))
        #expect(reply.root.text?.text == "I am away until April – I will answer when I am back.\n")
        #expect(reply.root.text?.isLossy == false)
        let base64 = "From: a@example.org\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n2YbZiNix2YjYsg==\n"
        #expect(try MessageReader().read(Array(base64.utf8)).root.text?.text == "نوروز")
    }

    @Test("an unknown charset is read lossily and flagged")
    func unknownCharset() throws {
        let text = Array("From: a@example.org\nContent-Type: text/plain; charset=koi8-r\n\n".utf8) + [0xF0, 0xD2, 0xC9, 0x0A]
        let message = try MessageReader().read(text)
        #expect(message.lossyCharsets == ["koi8-r"])
        #expect(message.root.text?.isLossy == true)
    }
}
