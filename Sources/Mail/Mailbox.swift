/// An address with an optional display name, as in `From: Sahab Shop <hello@shop.example>`.
///
/// The display name may be any text (Persian, Arabic, emoji, quotes, commas, backslashes): the
/// composer quotes or RFC 2047-encodes it as needed. Line breaks, tabs and control characters in
/// it never reach the header as such (see the composer's header-injection rules); a name that is
/// empty once they are removed is left out.
public struct Mailbox: Sendable, Hashable {
    /// The human-readable name shown by mail clients, such as `Sahab Shop`, or nil for a bare address.
    public let displayName: String?
    /// The address mail is delivered to.
    public let address: EmailAddress

    /// Creates a mailbox from a display name (nil for none) and an address.
    public init(displayName: String?, address: EmailAddress) {
        self.displayName = displayName
        self.address = address
    }

    /// Reads a mailbox written by an operator, in one of these forms:
    ///
    /// - `Sahab Shop <hello@shop.example>`
    /// - `"O'Neil, Jack" <jack@shop.example>` (a quoted name; `\"` and `\\` stand for `"` and `\`)
    /// - `<hello@shop.example>` or `hello@shop.example` (no name)
    ///
    /// - Throws: `MailError` with code `invalidMailbox` when the angle brackets or quotes do not
    ///   match, or `invalidAddress` when the address itself is wrong.
    public init(parsing string: String) throws(MailError) {
        let text = Self.trimmed(Substring(string))
        guard text.hasSuffix(">") || text.contains("<") else {
            self.init(displayName: nil, address: try EmailAddress(String(text)))
            return
        }
        guard text.hasSuffix(">"), let open = text.lastIndex(of: "<") else {
            throw Self.invalid(string, "the angle brackets do not match; write it as Name <address@shop.example>")
        }
        let address = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let namePart = Self.trimmed(text[..<open])
        let displayName: String
        if namePart.hasPrefix("\"") {
            displayName = try Self.unquoted(namePart, in: string)
        } else {
            if namePart.contains(where: { $0 == "<" || $0 == ">" || $0 == "\"" }) {
                throw Self.invalid(string, "the name contains \"<\", \">\" or a stray quotation mark; put the name in double quotes")
            }
            displayName = String(namePart)
        }
        self.init(displayName: displayName.isEmpty ? nil : displayName, address: try EmailAddress(String(address)))
    }

    /// The content of an RFC 5322 quoted-string that makes up the whole of `quoted`.
    private static func unquoted(_ quoted: Substring, in original: String) throws(MailError) -> String {
        var content = ""
        var escaping = false
        var index = quoted.index(after: quoted.startIndex)
        while index < quoted.endIndex {
            let character = quoted[index]
            index = quoted.index(after: index)
            if escaping {
                content.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "\"" {
                guard index == quoted.endIndex else {
                    throw invalid(original, "text after the quoted name; put the whole name in double quotes")
                }
                return content
            } else {
                content.append(character)
            }
        }
        throw invalid(original, "the quoted name has no closing quotation mark")
    }

    /// The text without spaces and tabs at either end.
    private static func trimmed(_ text: Substring) -> Substring {
        guard let first = text.firstIndex(where: { $0 != " " && $0 != "\t" }),
              let last = text.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return text[first...last]
    }

    /// An `invalidMailbox` error naming the mailbox text and what is wrong with it.
    private static func invalid(_ mailbox: String, _ problem: String) -> MailError {
        MailError(.invalidMailbox, "invalid mailbox \(MailError.quotedForMessage(mailbox)): \(problem)")
    }
}

extension Mailbox: CustomStringConvertible {
    /// The mailbox as an operator would write it, such as `Sahab Shop <hello@shop.example>`
    /// (for logs and messages; the composer writes the header form itself).
    public var description: String {
        guard let displayName, !displayName.isEmpty else { return address.description }
        return "\(displayName) <\(address)>"
    }
}
