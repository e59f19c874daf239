import Foundation
import Testing
@testable import KeepsakeCLI

/// `keepsake preview --format json` writes its lines by hand: the same bytes `JSONEncoder` wrote.
@Suite("JSON lines of keepsake preview")
struct JSONLineTests {
    /// What the preview wrote before: a `[String: String]` through JSONEncoder, sorted keys, slashes as they are.
    private func encoded(_ object: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(object), as: UTF8.self)
    }

    @Test func everyASCIICharacterIsWrittenAsJSONEncoderWritesIt() throws {
        for value in 0..<0x80 {
            let text = "a" + String(Unicode.Scalar(UInt8(value))) + "b"
            let fields = [("subject", text), ("campaign", "nowruz")]
            #expect(JSONLine.object(fields) == (try encoded(Dictionary(uniqueKeysWithValues: fields))), "U+\(String(value, radix: 16))")
        }
    }

    @Test func aPreviewLineIsWrittenAsJSONEncoderWritesIt() throws {
        let fields = [
            ("campaign", "nowruz"), ("customer", "c\"00/1\\"), ("email", "sara+x@shop.example"), ("segment", "persian-calendar"),
            ("template", "nowruz"), ("locale", "fa"), ("send_at", "2026-03-21T10:00:00+03:30"), ("status", "dropped (capped by birthday)"),
            ("subject", "نوروز مبارک، سارا! 🌱\u{200C}\u{2028}\u{7F}\u{85}\t\r\n\u{1B}\u{0}"),
        ]
        #expect(JSONLine.object(fields) == (try encoded(Dictionary(uniqueKeysWithValues: fields))))
        #expect(JSONLine.object([]) == (try encoded([:])))
        #expect(JSONLine.object([("subject", "")]) == (try encoded(["subject": ""])))
    }
}
