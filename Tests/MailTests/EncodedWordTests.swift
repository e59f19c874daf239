import Foundation
import Testing
@testable import Mail

@Suite("RFC 2047 encoded-words")
struct EncodedWordTests {
    /// The UTF-8 bytes inside one `=?UTF-8?B?…?=` word, or nil if it is not one.
    static func payload(of word: String) -> [UInt8]? {
        guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="), word.count >= 12 else { return nil }
        let base64 = String(word.dropFirst(10).dropLast(2))
        return Data(base64Encoded: base64).map(Array.init)
    }

    static let texts = [
        "تولدت مبارک، سارا! ۲۰٪ تخفیف",
        "عيد مبارك يا أحمد",
        String(repeating: "🎉👨‍👩‍👧", count: 20),
        String(repeating: "نوروز ", count: 50),
        "e" + String(repeating: "\u{301}", count: 60),
        "🏳️‍🌈👩🏽‍💻👨‍👨‍👧‍👦" + String(repeating: "a", count: 100),
        "x",
    ]

    @Test("every word is at most 75 characters and decodes to whole UTF-8 on its own", arguments: texts, [10, 20, 40, 67, 75])
    func wordsAreValid(text: String, firstWordMaximum: Int) throws {
        let words = EncodedWord.encode(text, firstWordMaximum: firstWordMaximum)
        var decoded = ""
        for (index, word) in words.enumerated() {
            #expect(word.count <= 75, "\(word)")
            if index == 0 && firstWordMaximum >= EncodedWord.minimumUsefulLength {
                #expect(word.count <= firstWordMaximum)
            }
            let bytes = try #require(Self.payload(of: word), "not a B encoded-word: \(word)")
            let piece = try #require(String(validating: bytes, as: UTF8.self), "word \(index) of \(text) cuts a UTF-8 sequence")
            decoded += piece
        }
        #expect(decoded == text)
    }

    @Test("an emoji ZWJ sequence is never cut when it fits in one word", arguments: 0..<48)
    func zwjSequenceStaysWhole(padding: Int) throws {
        let family = "👨‍👩‍👧"
        let text = String(repeating: "a", count: padding) + family + "b"
        let pieces = try EncodedWord.encode(text, firstWordMaximum: 75).map { word in
            try #require(Self.payload(of: word).flatMap { String(validating: $0, as: UTF8.self) })
        }
        #expect(pieces.contains { $0.contains(family) }, "\(pieces)")
        #expect(pieces.joined() == text)
    }

    @Test("plain ASCII that looks like an encoded-word is encoded itself")
    func looksEncoded() {
        #expect(EncodedWord.looksEncoded("=?utf-8?q?x?="))
        #expect(!EncodedWord.looksEncoded("20% off = great?"))
    }
}

@Suite("Header text sanitizing")
struct HeaderTextTests {
    @Test("line breaks and tabs become one space; controls are dropped; ends are trimmed", arguments: [
        ("a\r\nb", "a b"), ("a\n\n\nb", "a b"), ("a\tb", "a b"), ("a\r\n\tb", "a b"), ("a\0b", "ab"),
        ("a\u{7F}b", "ab"), ("a\u{9B}b", "ab"), ("a\u{2029}b", "a b"), ("  a  ", "a"), ("\r\n", ""),
        ("سارا\u{200C}ی", "سارا\u{200C}ی"), ("👨‍👩‍👧", "👨‍👩‍👧"),
    ])
    func sanitized(input: String, expected: String) {
        #expect(HeaderText.sanitized(input) == expected)
    }
}
