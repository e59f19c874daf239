import Foundation
import Mail

/// The benchmark's one message: the Persian + English birthday mail of Benchmarks/Message, the
/// same files the Python baseline renders, filled in once and composed by ``MIMEComposer``.
enum BenchmarkMessage {
    /// The values put in for the string.Template placeholders (`$first_name`, …).
    static let values = [
        "first_name": "سارا",
        "coupon": "BDAY-7K4Q-9MZX",
        "unsubscribe_url": "https://shop.example/keepsake/u/c0000001.3f9a1c6e2b7d4058",
    ]

    /// The composed bytes, ready for SMTP DATA.
    static func compose(directory: String) throws -> [UInt8] {
        let message = try MailMessage(
            from: Mailbox(parsing: "Sahab Shop <hello@shop.example>"),
            to: Mailbox(displayName: "سارا کریمی", address: EmailAddress("customer@bench.example")),
            replyTo: Mailbox(parsing: "care@shop.example"),
            subject: try read(directory, "subject.txt").trimmingCharacters(in: .newlines),
            textBody: try read(directory, "text.txt"),
            htmlBody: try read(directory, "html.html"),
            date: Date(),
            timeZone: TimeZone(identifier: "Asia/Tehran")!,
            messageID: MessageID.generate(domain: "shop.example"),
            listUnsubscribe: try ListUnsubscribe(
                mailto: EmailAddress("unsubscribe@shop.example"), https: URL(string: values["unsubscribe_url"]!)))
        return try MIMEComposer().compose(message)
    }

    /// One file of the message folder with its placeholders filled in.
    private static func read(_ directory: String, _ name: String) throws -> String {
        let path = directory + "/" + name
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw TransportBenchError("cannot read \(path) as UTF-8 text; run from the repository root or pass --message-dir")
        }
        return values.reduce(text) { filled, entry in filled.replacingOccurrences(of: "$" + entry.key, with: entry.value) }
    }
}
