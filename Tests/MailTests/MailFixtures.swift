import Foundation
import KeepsakeTestSupport
import Testing
@testable import Mail

/// Builders shared by the Mail tests. Every composed message goes through ``composeAndCheck``,
/// which runs Python's independent parser on the bytes and records any defect as a test failure.
enum MailFixtures {
    /// Mon, 23 Nov 2026 09:00:00 in Tehran (05:30 UTC).
    static let date = Date(timeIntervalSince1970: 1_795_411_800)
    static let tehran = zone("Asia/Tehran")
    static let boundary = "=_ks_00112233445566778899aabbccddeeff"

    static func zone(_ identifier: String) -> TimeZone {
        guard let zone = TimeZone(identifier: identifier) else {
            Issue.record("unknown time zone \(identifier)")
            return TimeZone(secondsFromGMT: 0) ?? .current
        }
        return zone
    }

    static func address(_ text: String) throws -> EmailAddress {
        try EmailAddress(text)
    }

    static func message(
        fromName: String? = "Sahab Shop",
        toName: String? = "Sara Karimi",
        replyTo: Mailbox? = nil,
        subject: String = "Happy birthday, Sara!",
        text: String? = "Hello Sara,\nHappy birthday!\n",
        html: String? = "<p>Happy birthday!</p>\n",
        date: Date = date,
        timeZone: TimeZone = tehran,
        messageID: MessageID? = nil,
        listUnsubscribe: ListUnsubscribe? = nil,
        extraHeaders: [MailHeader] = []
    ) throws -> MailMessage {
        try MailMessage(
            from: Mailbox(displayName: fromName, address: address("hello@shop.example")),
            to: Mailbox(displayName: toName, address: address("sara@customer.example")),
            replyTo: replyTo,
            subject: subject,
            textBody: text,
            htmlBody: html,
            date: date,
            timeZone: timeZone,
            messageID: messageID ?? MessageID("<fixed.0123456789abcdef@shop.example>"),
            listUnsubscribe: listUnsubscribe,
            extraHeaders: extraHeaders
        )
    }

    /// Composes the message with a fixed boundary, checks it with Python's parser, and records a
    /// failure for any defect, line problem or mismatch with the expectation.
    static func composeAndCheck(
        _ message: MailMessage,
        expecting expectation: MessageChecker.Expectation? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (bytes: [UInt8], check: MessageCheck) {
        let bytes = try MIMEComposer(fixedBoundary: boundary).compose(message)
        let check = try MessageChecker.check(bytes, expecting: expectation)
        #expect(check.defects == [], sourceLocation: sourceLocation)
        #expect(check.lineProblems == [], sourceLocation: sourceLocation)
        #expect(check.mismatches == [], sourceLocation: sourceLocation)
        return (bytes, check)
    }
}

/// The wire text of a composed message, split the way a reader of the raw bytes sees it.
struct RawMessage {
    let text: String

    init(_ bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
    }

    /// Every line, without its CRLF.
    var lines: [Substring] {
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The top-level header lines, folded lines as they are.
    var headerLines: [Substring] {
        Array(lines.prefix { !$0.isEmpty })
    }

    /// The names of the top-level headers, in order.
    var headerNames: [String] {
        headerLines.filter { !($0.first?.isWhitespace ?? true) }.compactMap { line in
            line.firstIndex(of: ":").map { String(line[..<$0]) }
        }
    }

    /// How many times `needle` occurs.
    func occurrences(of needle: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
