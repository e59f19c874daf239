import Foundation

/// Turns a ``MailMessage`` into the exact bytes handed to SMTP `DATA` (RFC 5322 and MIME,
/// RFC 2045–2047), ready for any mail client and strict enough for Python's `email` parser to
/// find nothing wrong.
///
/// - Lines end in CRLF; none is longer than 998 octets; header lines fold at 78 characters where
///   the content allows, and lines holding encoded-words stay within 76.
/// - Headers, in this order: Date, Message-ID, MIME-Version, From, To, Reply-To, Subject,
///   List-Unsubscribe and List-Unsubscribe-Post (only with an https link), the extra headers,
///   then Content-Type and Content-Transfer-Encoding.
/// - A text and an HTML body make a `multipart/alternative` (text first); one body makes a
///   single-part message. Text is UTF-8, quoted-printable or base64, whichever is shorter.
/// - Header injection is impossible: in display names, the subject and extra header values,
///   every run of CR, LF and TAB becomes one space and other control characters (NUL, DEL, …)
///   are dropped, so customer data can never start a header line (a name of
///   `"Sara\r\nBcc: evil@x.example"` yields the name `Sara Bcc: evil@x.example`, not a Bcc).
///   Addresses were checked when the ``EmailAddress`` was made.
/// - The output depends only on the message, apart from the random MIME boundary.
///
/// The bytes are not dot-stuffed; the SMTP transport does that.
public struct MIMEComposer: Sendable {
    /// The boundary to use instead of a random one, for byte-for-byte comparisons in tests.
    private let fixedBoundary: String?

    /// Creates a composer that draws a fresh random boundary for each multipart message.
    public init() {
        fixedBoundary = nil
    }

    /// Creates a composer that always uses the given boundary, so its output is fully
    /// deterministic: a preview's .eml and the message sent later are then the same bytes. The
    /// boundary can never occur in the parts, which are quoted-printable or base64 (neither
    /// writes `=_`), provided it starts with `=_`.
    public init(fixedBoundary: String) {
        self.fixedBoundary = fixedBoundary
    }

    /// The message as the bytes of an RFC 5322 message with MIME bodies.
    ///
    /// - Throws: `MailError` with code `missingBody` or `missingSubject` if the message lacks them.
    public func compose(_ message: MailMessage) throws(MailError) -> [UInt8] {
        guard message.textBody != nil || message.htmlBody != nil else {
            throw .missingBody(to: message.to.address)
        }
        var output = headerBlock(message)
        let parts = [("plain", message.textBody), ("html", message.htmlBody)].compactMap { subtype, body in
            body.map { EncodedPart(subtype: subtype, text: $0) }
        }
        if parts.count == 1, let part = parts.first {
            output += part.headerLines + "\r\n"
            return Array(output.utf8) + part.content
        }
        let boundary = fixedBoundary ?? Self.randomBoundary()
        output += contentType("multipart/alternative;", parameter: "boundary=\"\(boundary)\"")
        output += "\r\n"
        var bytes = Array(output.utf8)
        for part in parts {
            bytes += Array("--\(boundary)\r\n\(part.headerLines)\r\n".utf8)
            bytes += part.content
            bytes += Array("\r\n".utf8)
        }
        bytes += Array("--\(boundary)--\r\n".utf8)
        return bytes
    }

    /// Every header before the Content-Type, in order, each folded and ending in CRLF.
    private func headerBlock(_ message: MailMessage) -> String {
        var headers: [FoldedHeader] = []
        headers.append(simpleHeader("Date", RFC5322Date.format(message.date, in: message.timeZone)))
        headers.append(simpleHeader("Message-ID", message.messageID.description))
        headers.append(simpleHeader("MIME-Version", "1.0"))
        headers.append(HeaderFields.mailbox(name: "From", message.from))
        headers.append(HeaderFields.mailbox(name: "To", message.to))
        if let replyTo = message.replyTo {
            headers.append(HeaderFields.mailbox(name: "Reply-To", replyTo))
        }
        headers.append(HeaderFields.unstructured(name: "Subject", value: message.subject))
        if let listUnsubscribe = message.listUnsubscribe {
            let entries = listUnsubscribe.headerEntries
            var header = FoldedHeader(name: "List-Unsubscribe")
            for (position, entry) in entries.enumerated() {
                header.append(position < entries.count - 1 ? entry + "," : entry)
            }
            headers.append(header)
            if listUnsubscribe.https != nil {
                headers.append(simpleHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
            }
        }
        for extra in message.extraHeaders {
            headers.append(HeaderFields.unstructured(name: extra.name, value: extra.value))
        }
        return headers.map(\.wireText).joined()
    }

    /// A header whose value is one piece the composer made itself.
    private func simpleHeader(_ name: String, _ value: String) -> FoldedHeader {
        var header = FoldedHeader(name: name)
        header.append(value)
        return header
    }

    /// A `Content-Type` header, its parameter folded onto a second line when needed.
    private func contentType(_ type: String, parameter: String) -> String {
        var header = FoldedHeader(name: "Content-Type")
        header.append(type)
        header.append(parameter)
        return header.wireText
    }

    /// `=_ks_` and 128 random bits in hex. `=_` cannot occur in quoted-printable (where `=` is
    /// followed by hex digits or a line end) nor in base64 (which has no `_`), so the boundary
    /// cannot occur in any encoded part.
    static func randomBoundary() -> String {
        "=_ks_" + Hexadecimal.random(byteCount: 16)
    }
}

/// One text body, encoded for the wire with whichever of quoted-printable and base64 is shorter.
struct EncodedPart {
    /// `Content-Type` and `Content-Transfer-Encoding`, each ending in CRLF.
    let headerLines: String
    /// The encoded body, ending in CRLF unless empty.
    let content: [UInt8]

    /// Encodes `text` (line breaks normalized to CRLF) as a `text/<subtype>; charset=utf-8` body.
    init(subtype: String, text: String) {
        // Both lengths are known before encoding, so only the shorter encoding is made.
        let lines = BodyLines.split(text)
        let canonicalCount = lines.reduce(0) { $0 + $1.count } + 2 * (lines.count - 1)
        let useBase64 = Base64Lines.encodedLength(byteCount: canonicalCount) < QuotedPrintable.encodedLength(of: lines)
        content = useBase64 ? Base64Lines.encode(BodyLines.canonicalBytes(text)) : QuotedPrintable.encode(text)
        headerLines = "Content-Type: text/\(subtype); charset=utf-8\r\n"
            + "Content-Transfer-Encoding: \(useBase64 ? "base64" : "quoted-printable")\r\n"
    }
}
