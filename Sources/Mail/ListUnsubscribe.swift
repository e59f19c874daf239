import Foundation

/// Where a recipient can unsubscribe, written as the `List-Unsubscribe` header (RFC 2369) and,
/// when there is an https link, `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058),
/// which mail clients show as a one-click "Unsubscribe" button.
public struct ListUnsubscribe: Sendable, Hashable {
    /// An address that unsubscribes whoever writes to it, written as `<mailto:…>`.
    public let mailto: EmailAddress?
    /// A one-click unsubscribe link, written as `<https://…>`; it must accept a POST.
    public let https: URL?

    /// The longest link accepted, so the header stays well within the 998-octet line limit.
    static let maximumURLLength = 900

    /// Creates the unsubscribe targets; at least one is needed.
    ///
    /// - Throws: `MailError` with code `invalidUnsubscribe` if both are nil, if the link is not
    ///   `https://` with a host, or if it contains spaces, angle brackets, commas or non-ASCII
    ///   characters (percent-encode them).
    public init(mailto: EmailAddress? = nil, https: URL? = nil) throws(MailError) {
        guard mailto != nil || https != nil else {
            throw MailError(.invalidUnsubscribe, "List-Unsubscribe needs a mailto address, an https link, or both")
        }
        if let https {
            try Self.checkLink(https)
        }
        self.mailto = mailto
        self.https = https
    }

    /// The header's entries, such as `<mailto:unsubscribe@shop.example>` and `<https://shop.example/u/1>`.
    var headerEntries: [String] {
        var entries: [String] = []
        if let mailto { entries.append("<mailto:\(mailto)>") }
        if let https { entries.append("<\(https.absoluteString)>") }
        return entries
    }

    /// Refuses a link that is not a plain-ASCII https URL with a host.
    private static func checkLink(_ url: URL) throws(MailError) {
        let text = url.absoluteString
        let shown = MailError.quotedForMessage(text)
        guard url.scheme?.lowercased() == "https", let host = url.host, !host.isEmpty else {
            throw MailError(.invalidUnsubscribe, "unsubscribe link \(shown) is not an https:// address with a host; one-click unsubscribe needs https")
        }
        let forbidden = text.utf8.first { $0 <= 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: ",") }
        if forbidden != nil {
            throw MailError(.invalidUnsubscribe, "unsubscribe link \(shown) contains a space, control character, \"<\", \">\", \",\" or non-ASCII character; percent-encode it")
        }
        guard text.utf8.count <= maximumURLLength else {
            throw MailError(.invalidUnsubscribe, "unsubscribe link \(shown) is longer than \(maximumURLLength) characters")
        }
    }
}
