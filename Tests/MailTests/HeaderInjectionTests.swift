import Foundation
import Testing
@testable import Mail

/// Customer data with line breaks or control characters can never add a header.
@Suite("Header injection")
struct HeaderInjectionTests {
    static let hostileValues: [(value: String, sanitized: String)] = [
        ("Sara\r\nBcc: evil@x.example", "Sara Bcc: evil@x.example"),
        ("Sara\nBcc: evil@x.example", "Sara Bcc: evil@x.example"),
        ("Sara\rBcc: evil@x.example", "Sara Bcc: evil@x.example"),
        ("Sara\r\n\r\nBcc: evil@x.example", "Sara Bcc: evil@x.example"),
        ("Sara\r\n Bcc: evil@x.example", "Sara  Bcc: evil@x.example"),
        ("Sara\0Bcc: evil@x.example", "SaraBcc: evil@x.example"),
        ("Sara\u{7F}\u{1B}\u{85}Bcc: evil@x.example", "Sara Bcc: evil@x.example"),
        ("Sara\u{2028}Bcc: evil@x.example", "Sara Bcc: evil@x.example"),
        ("Sara\tKarimi\t\tBcc: evil@x.example", "Sara Karimi Bcc: evil@x.example"),
        ("سارا\r\nBcc: evil@x.example", "سارا Bcc: evil@x.example"),
        ("\r\nBcc: evil@x.example\r\n", "Bcc: evil@x.example"),
        ("Sara\r\n\r\n<html>body injection</html>", "Sara <html>body injection</html>"),
    ]

    static let cases = hostileValues.map(\.value)

    /// Checks that the message has exactly the headers it should, once each, and no Bcc.
    private func expectNoInjectedHeader(_ bytes: [UInt8], headerCounts: [String: Int]) {
        #expect(headerCounts["Bcc"] == nil)
        #expect(headerCounts.values.allSatisfy { $0 == 1 }, "\(headerCounts)")
        let raw = RawMessage(bytes)
        #expect(!raw.headerNames.contains { $0.lowercased() == "bcc" })
        #expect(!raw.text.contains("\r\nBcc:"))
        #expect(raw.headerNames == ["Date", "Message-ID", "MIME-Version", "From", "To", "Reply-To", "Subject", "X-Campaign", "Content-Type"])
    }

    private func expected(_ value: String) -> String {
        Self.hostileValues.first { $0.value == value }?.sanitized ?? "?"
    }

    @Test("in the subject", arguments: cases)
    func subject(_ value: String) throws {
        let message = try MailFixtures.message(
            replyTo: Mailbox(displayName: nil, address: EmailAddress("care@shop.example")), subject: value,
            extraHeaders: [MailHeader(name: "X-Campaign", value: "birthday")]
        )
        let (bytes, check) = try MailFixtures.composeAndCheck(message, expecting: .init(subject: expected(value)))
        expectNoInjectedHeader(bytes, headerCounts: check.headerCounts)
    }

    @Test("in display names", arguments: cases)
    func displayName(_ value: String) throws {
        let message = try MailFixtures.message(
            fromName: value, toName: value, replyTo: Mailbox(displayName: value, address: EmailAddress("care@shop.example")),
            extraHeaders: [MailHeader(name: "X-Campaign", value: "birthday")]
        )
        // Display names also have their runs of spaces made one.
        let sanitized = expected(value).split(separator: " ").joined(separator: " ")
        let (bytes, check) = try MailFixtures.composeAndCheck(message, expecting: .init(fromName: sanitized, toName: sanitized))
        #expect(check.replyTo?.displayName == sanitized)
        expectNoInjectedHeader(bytes, headerCounts: check.headerCounts)
    }

    @Test("in extra header values", arguments: cases)
    func extraHeaderValue(_ value: String) throws {
        let message = try MailFixtures.message(
            replyTo: Mailbox(displayName: nil, address: EmailAddress("care@shop.example")),
            extraHeaders: [MailHeader(name: "X-Campaign", value: value)]
        )
        let (bytes, check) = try MailFixtures.composeAndCheck(message)
        #expect(check.header("X-Campaign") == expected(value))
        expectNoInjectedHeader(bytes, headerCounts: check.headerCounts)
    }

    @Test("in header names, which are refused", arguments: [
        "X-Campaign\r\nBcc", "X-Campaign\n", "X Campaign", "X-Campaign:", "", "X-Ünicode", String(repeating: "X", count: 51),
    ])
    func headerName(_ name: String) {
        #expect {
            try MailHeader(name: name, value: "v")
        } throws: { error in
            (error as? MailError)?.code == .invalidHeader
        }
    }

    @Test("headers the composer writes cannot be added again", arguments: [
        "Subject", "from", "TO", "Bcc", "Cc", "Date", "Message-ID", "MIME-Version", "Reply-To", "Content-Type",
        "Content-Transfer-Encoding", "List-Unsubscribe", "List-Unsubscribe-Post", "Sender",
    ])
    func reservedHeaderName(_ name: String) {
        #expect {
            try MailHeader(name: name, value: "v")
        } throws: { error in
            guard let error = error as? MailError else { return false }
            return error.code == .invalidHeader && error.description.contains("written by Keepsake itself")
        }
    }

    @Test("a subject that is nothing but line breaks and controls is refused")
    func emptySubject() {
        for subject in ["", "   ", "\r\n", "\0\u{7F}\t"] {
            #expect {
                try MailFixtures.message(subject: subject)
            } throws: { error in
                (error as? MailError)?.code == .missingSubject
            }
        }
    }
}
