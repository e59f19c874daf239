import Foundation

/// A message's unique identifier, as in `Message-ID: <1k3x9f.4be1…@shop.example>`.
///
/// New ones come from ``generate(domain:)``; ones already sent (kept in the delivery log) are read
/// back with ``init(_:)``.
public struct MessageID: Hashable, Sendable, CustomStringConvertible {
    /// The part before the `@`, without the angle bracket.
    public let localPart: String
    /// The part after the `@`, without the angle bracket.
    public let domain: String

    /// The identifier with its angle brackets, such as `<1k3x9f.4be1…@shop.example>`.
    public var description: String { "<" + localPart + "@" + domain + ">" }

    /// A new identifier no other message has: the current time in milliseconds (base 36) and 128
    /// random bits (32 hex digits), at the given domain (normally the sender's).
    ///
    /// The domain is lower-cased; characters a Message-ID cannot hold are left out, and if nothing
    /// is left, `keepsake.invalid` is used, so this never fails.
    public static func generate(domain: String) -> MessageID {
        let milliseconds = UInt64(max(0, Date().timeIntervalSince1970 * 1000))
        let localPart = String(milliseconds, radix: 36) + "." + Hexadecimal.random(byteCount: 16)
        return MessageID(localPart: localPart, domain: usableDomain(domain))
    }

    /// Reads a stored identifier, such as `<1k3x9f.4be1@shop.example>`; the angle brackets may be
    /// left out.
    ///
    /// - Throws: `MailError` with code `invalidMessageID` if it is not `left@right` where both
    ///   sides are dot-atoms of printable ASCII (or the right side a `[literal]`).
    public init(_ string: String) throws(MailError) {
        var text = Substring(string)
        if text.hasPrefix("<") && text.hasSuffix(">") && text.count >= 2 {
            text = text.dropFirst().dropLast()
        }
        guard text.utf8.count <= 900 else {
            throw Self.invalid(string, "it is longer than 900 characters")
        }
        let pieces = text.split(separator: "@", omittingEmptySubsequences: false)
        guard pieces.count == 2 else {
            throw Self.invalid(string, "expected exactly one \"@\", as in <id@shop.example>")
        }
        let localPart = String(pieces[0])
        let domain = String(pieces[1])
        if localPart.isEmpty || domain.isEmpty {
            throw Self.invalid(string, "expected text on both sides of the \"@\", as in <id@shop.example>")
        }
        if let problem = EmailAddress.dotAtomProblem(localPart) {
            throw Self.invalid(string, "the part before \"@\" \(problem)")
        }
        if let problem = Self.domainProblem(domain) {
            throw Self.invalid(string, "the part after \"@\" \(problem)")
        }
        self.init(localPart: localPart, domain: domain)
    }

    private init(localPart: String, domain: String) {
        self.localPart = localPart
        self.domain = domain
    }

    /// Why the text after `@` is neither a dot-atom nor a `[literal]` of printable ASCII, or nil.
    private static func domainProblem(_ domain: String) -> String? {
        guard domain.hasPrefix("[") else { return EmailAddress.dotAtomProblem(domain) }
        let inside = domain.dropFirst()
        guard inside.hasSuffix("]") else { return "starts with \"[\" but does not end with \"]\"" }
        let literal = inside.dropLast().utf8
        let allowed = literal.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "\\") }
        return allowed ? nil : "contains a character that is not allowed in a [literal]"
    }

    /// The domain, lower-cased, with everything but atext and inner dots removed; `keepsake.invalid`
    /// if nothing usable is left.
    private static func usableDomain(_ domain: String) -> String {
        let kept = domain.lowercased().filter { $0 == "." || EmailAddress.isAtomText($0) }
        let labels = kept.split(separator: ".", omittingEmptySubsequences: true)
        return labels.isEmpty ? "keepsake.invalid" : labels.joined(separator: ".")
    }

    /// An `invalidMessageID` error naming the identifier and what is wrong with it.
    private static func invalid(_ identifier: String, _ problem: String) -> MailError {
        MailError(.invalidMessageID, "invalid Message-ID \(MailError.quotedForMessage(identifier)): \(problem)")
    }
}
