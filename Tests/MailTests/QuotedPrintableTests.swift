import Foundation
import Testing
@testable import Mail

@Suite("Quoted-printable encoder")
struct QuotedPrintableTests {
    /// Decodes quoted-printable strictly, recording an issue for anything malformed.
    static func decode(_ encoded: [UInt8]) -> [UInt8] {
        let text = String(decoding: encoded, as: UTF8.self)
        var output: [UInt8] = []
        let lines = text.components(separatedBy: "\r\n")
        for (number, line) in lines.enumerated() where !(number == lines.count - 1 && line.isEmpty) {
            var bytes = Array(line.utf8)
            let soft = bytes.last == UInt8(ascii: "=")
            if soft { bytes.removeLast() }
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "=") {
                    guard index + 2 < bytes.count, let value = UInt8(String(decoding: bytes[index + 1...index + 2], as: UTF8.self), radix: 16) else {
                        Issue.record("malformed escape in \(line)")
                        return output
                    }
                    output.append(value)
                    index += 3
                } else {
                    output.append(bytes[index])
                    index += 1
                }
            }
            if !soft && number < lines.count - 1 { output += [13, 10] }
        }
        return output
    }

    /// Checks the wire rules on every encoded line.
    static func expectWellFormed(_ encoded: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let text = String(decoding: encoded, as: UTF8.self)
        #expect(encoded.isEmpty || text.hasSuffix("\r\n"), sourceLocation: sourceLocation)
        #expect(!text.contains("=_"), sourceLocation: sourceLocation)
        for line in text.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76, "\(line)", sourceLocation: sourceLocation)
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"), "\(line)", sourceLocation: sourceLocation)
            #expect(!line.contains("\r") && !line.contains("\n"), sourceLocation: sourceLocation)
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "=") {
                let isSoftBreak = index == bytes.count - 1
                let isEscape = index + 2 < bytes.count && bytes[index + 1...index + 2].allSatisfy { "0123456789ABCDEF".utf8.contains($0) }
                #expect(isSoftBreak || isEscape, "split or malformed escape in \(line)", sourceLocation: sourceLocation)
            }
        }
    }

    static let inputs: [String] = {
        var inputs = [
            "", "a", "Hello ", "\n", "a\n", "trailing \ntabs\t\n", "From here\nFrom\nFrom  x\n",
            String(repeating: "a", count: 76) + "\n", String(repeating: "a", count: 77) + "\n", String(repeating: "a", count: 76),
            String(repeating: "=", count: 200), String(repeating: " ", count: 200), String(repeating: "سلام ", count: 100),
            String(repeating: "x", count: 2000), "=_ and --=_ks_ and =3D",
        ]
        // Put an escape at every position around the soft break.
        for prefix in 70...78 {
            inputs.append(String(repeating: "a", count: prefix) + "ی" + "b")
            inputs.append(String(repeating: "a", count: prefix) + " \n")
            inputs.append(String(repeating: "a", count: prefix) + "==\n")
        }
        return inputs
    }()

    @Test("output lines are at most 76 characters, escapes are never split, and it decodes back", arguments: inputs)
    func wellFormedAndReversible(_ input: String) {
        let encoded = QuotedPrintable.encode(input)
        Self.expectWellFormed(encoded)
        #expect(Self.decode(encoded) == BodyLines.canonicalBytes(input))
    }

    @Test("known encodings", arguments: [
        ("Hello ", "Hello=20=\r\n"),
        ("trailing \ntab\t\n", "trailing=20\r\ntab=09\r\n"),
        ("a=b\n", "a=3Db\r\n"),
        ("From me\n", "=46rom me\r\n"),
        ("one\rtwo\r\nthree\nfour", "one\r\ntwo\r\nthree\r\nfour=\r\n"),
        ("é\n", "=C3=A9\r\n"),
        ("", ""),
        ("\n\n", "\r\n\r\n"),
    ])
    func known(input: String, expected: String) {
        #expect(String(decoding: QuotedPrintable.encode(input), as: UTF8.self) == expected)
    }

    @Test("a line of exactly 76 characters is not broken; one of 77 is")
    func softBreakThreshold() {
        let seventySix = String(repeating: "a", count: 76)
        #expect(String(decoding: QuotedPrintable.encode(seventySix + "\n"), as: UTF8.self) == seventySix + "\r\n")
        let expected = String(repeating: "a", count: 75) + "=\r\naa\r\n"
        #expect(String(decoding: QuotedPrintable.encode(String(repeating: "a", count: 77) + "\n"), as: UTF8.self) == expected)
    }

    @Test("an escape that would straddle the limit moves to the next line whole")
    func escapeNotSplit() {
        let encoded = String(decoding: QuotedPrintable.encode(String(repeating: "a", count: 74) + "é\n"), as: UTF8.self)
        #expect(encoded == String(repeating: "a", count: 74) + "=\r\n=C3=A9\r\n")
    }
}


@Suite("Choosing the shorter encoding")
struct EncodingChoiceTests {
    /// Texts of every kind the composer meets: ASCII, Persian, mixed, long lines, trailing
    /// spaces, `From `, lone CR and LF, empty.
    static let texts: [String] = [
        "", "\n", "a", "From here\r\nto there", String(repeating: "a", count: 75) + "é\n",
        "سلام سارا جان،\nتولدت مبارک! 🎂\n", "Hi Sara = friend \t\n\nline  \r", String(repeating: "آ", count: 300),
        (0..<500).map { $0 % 7 == 0 ? "\n" : $0 % 5 == 0 ? "=" : $0 % 3 == 0 ? "ع" : "x" }.joined(),
    ]

    @Test("the counted quoted-printable length is the encoded one", arguments: texts)
    func quotedPrintableLengthIsExact(text: String) {
        #expect(QuotedPrintable.encodedLength(of: BodyLines.split(text)) == QuotedPrintable.encode(text).count)
    }

    @Test("the computed base64 length is the encoded one", arguments: Array(0...200) + [1000, 4096])
    func base64LengthIsExact(byteCount: Int) {
        #expect(Base64Lines.encodedLength(byteCount: byteCount) == Base64Lines.encode(Array(repeating: 0xD8, count: byteCount)).count)
    }

    @Test("a part takes whichever encoding is shorter", arguments: texts)
    func partTakesTheShorter(text: String) {
        let part = EncodedPart(subtype: "plain", text: text)
        let quotedPrintable = QuotedPrintable.encode(text)
        let base64 = Base64Lines.encode(BodyLines.canonicalBytes(text))
        #expect(part.content == (base64.count < quotedPrintable.count ? base64 : quotedPrintable))
        #expect(part.headerLines.contains(base64.count < quotedPrintable.count ? "base64" : "quoted-printable"))
    }
}

@Suite("Base64 lines")
struct Base64LinesTests {
    @Test("matches Foundation's base64 and wraps at 76", arguments: [0, 1, 2, 3, 56, 57, 58, 1000])
    func matchesFoundation(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let encoded = String(decoding: Base64Lines.encode(bytes), as: UTF8.self)
        let lines = encoded.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.count <= 76 && !$0.isEmpty })
        #expect(lines.joined() == Data(bytes).base64EncodedString())
        #expect(!encoded.contains("_"))
    }
}
