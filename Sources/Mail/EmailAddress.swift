/// A plain ASCII email address (an RFC 5322 `addr-spec` without quoting, comments or literals),
/// such as `sara.karimi+vip@shop.example`.
///
/// The local part is a dot-atom of at most 64 octets and is kept exactly as given (mailbox names
/// may be case-sensitive); the domain is a host name of letters, digits and inner hyphens with at
/// least one dot, and is lower-cased. The whole address is at most 254 octets. Anything else is
/// refused with an error naming the address and what is wrong with it: line breaks, NUL and other
/// control characters, spaces, angle brackets, quotation marks, and non-ASCII characters
/// (internationalized addresses need SMTPUTF8, which Keepsake does not use yet).
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    /// The part before the `@`, exactly as given.
    public let localPart: String
    /// The part after the `@`, lower-cased.
    public let domain: String

    /// The longest local part RFC 5321 allows, in octets.
    static let maximumLocalPartLength = 64
    /// The longest address that fits in an SMTP `RCPT TO:<…>` path, in octets.
    static let maximumLength = 254

    /// Reads and checks an address such as `hello@shop.example`.
    ///
    /// - Throws: `MailError` with code `invalidAddress` and a message such as
    ///   `invalid email address "bob@@x": more than one "@"`.
    public init(_ string: String) throws(MailError) {
        // Almost every address is plainly valid: check that in one pass over the bytes, and
        // spend the detailed checks (which name the problem) only on the others.
        if let at = Self.plainlyValidAtIndex(string) {
            localPart = String(string[..<at])
            domain = String(string[string.index(after: at)...]).lowercased()
            return
        }
        if let problem = Self.characterProblem(in: string) {
            throw .invalidAddress(string, problem)
        }
        let pieces = string.split(separator: "@", omittingEmptySubsequences: false)
        guard pieces.count == 2 else {
            throw .invalidAddress(string, pieces.count < 2 ? "missing \"@\"" : "more than one \"@\"")
        }
        let localPart = String(pieces[0])
        let domain = String(pieces[1])
        if let problem = Self.localPartProblem(localPart) ?? Self.domainProblem(domain) {
            throw .invalidAddress(string, problem)
        }
        guard string.utf8.count <= Self.maximumLength else {
            throw .invalidAddress(string, "it is \(string.utf8.count) characters long (at most \(Self.maximumLength))")
        }
        self.localPart = localPart
        self.domain = domain.lowercased()
    }

    /// The position of the `@` when `string` is an ordinary valid address (ASCII dot-atom local
    /// part of at most 64 octets, host name with at least one dot, not ending in a number); nil
    /// when it is not, or when it needs the detailed checks to say so.
    private static func plainlyValidAtIndex(_ string: String) -> String.Index? {
        let bytes = string.utf8
        guard bytes.count <= maximumLength, let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return nil }
        let localLength = bytes.distance(from: bytes.startIndex, to: at)
        guard localLength >= 1, localLength <= maximumLocalPartLength else { return nil }
        var previous: UInt8 = UInt8(ascii: ".")
        for byte in bytes[..<at] {
            if byte == UInt8(ascii: ".") {
                if previous == UInt8(ascii: ".") { return nil }
            } else if !isAtomByte(byte) {
                return nil
            }
            previous = byte
        }
        guard previous != UInt8(ascii: ".") else { return nil }
        var labelLength = 0
        var labelCount = 1
        var labelIsNumeric = true
        previous = UInt8(ascii: ".")
        for byte in bytes[bytes.index(after: at)...] {
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return nil }
                labelCount += 1
                labelLength = 0
                labelIsNumeric = true
            } else {
                guard isHostByte(byte), !(labelLength == 0 && byte == UInt8(ascii: "-")) else { return nil }
                labelLength += 1
                guard labelLength <= 63 else { return nil }
                labelIsNumeric = labelIsNumeric && byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            }
            previous = byte
        }
        guard labelCount >= 2, labelLength > 0, previous != UInt8(ascii: "-"), !labelIsNumeric else { return nil }
        return at
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
    }

    private static func isAtomByte(_ byte: UInt8) -> Bool {
        isHostByte(byte) || "!#$%&'*+/=?^_`{|}~".utf8.contains(byte)
    }

    /// The address as `local@domain`, without angle brackets.
    public var description: String { localPart + "@" + domain }

    /// Why the address cannot contain one of its characters, or nil if every character may appear.
    private static func characterProblem(in string: String) -> String? {
        if string.isEmpty { return "it is empty" }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\r", "\n": return "it contains a line break"
            case "\0": return "it contains a NUL character"
            case " ", "\t": return "it contains a space"
            case "<", ">": return "it contains \"\(scalar)\"; give the bare address, without angle brackets"
            case "\"": return "it contains a quotation mark (quoted local parts are not supported)"
            default: break
            }
            if !scalar.isASCII {
                return "it contains the non-ASCII character \"\(scalar)\" (internationalized addresses are not supported yet)"
            }
            if scalar.value < 0x20 || scalar.value == 0x7F {
                return "it contains a control character"
            }
        }
        return nil
    }

    /// Why the text before `@` is not a dot-atom of at most 64 octets, or nil if it is.
    private static func localPartProblem(_ localPart: String) -> String? {
        if localPart.isEmpty { return "nothing before the \"@\"" }
        if localPart.utf8.count > maximumLocalPartLength {
            return "the part before \"@\" is \(localPart.utf8.count) characters long (at most \(maximumLocalPartLength))"
        }
        if let problem = dotAtomProblem(localPart) {
            return "the part before \"@\" " + problem
        }
        return nil
    }

    /// Why the text after `@` is not a host name such as `shop.example`, or nil if it is.
    static func domainProblem(_ domain: String) -> String? {
        if domain.isEmpty { return "nothing after the \"@\"" }
        if domain.hasPrefix("[") { return "address literals such as [192.0.2.1] are not supported; use a domain name" }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return "the domain \"\(domain)\" has no dot" }
        for label in labels {
            if label.isEmpty {
                return "the domain \"\(domain)\" has an empty label (a dot at the start or end, or two dots in a row)"
            }
            if label.utf8.count > 63 {
                return "the domain label \"\(label)\" is longer than 63 characters"
            }
            if let character = label.first(where: { !isLetterDigitOrHyphen($0) }) {
                return "the domain \"\(domain)\" contains \"\(character)\"; only letters, digits, hyphens and dots are allowed"
            }
            if label.hasPrefix("-") || label.hasSuffix("-") {
                return "the domain label \"\(label)\" starts or ends with a hyphen"
            }
        }
        if let topLevel = labels.last, topLevel.allSatisfy(\.isNumber) {
            return "the domain \"\(domain)\" ends in a number; an address needs a domain name, not an IP address"
        }
        return nil
    }

    /// Why the text is not an RFC 5322 dot-atom (atext runs joined by single dots), phrased to
    /// follow "the part before "@"", or nil if it is one.
    static func dotAtomProblem(_ text: String) -> String? {
        if text.hasPrefix(".") { return "starts with a dot" }
        if text.hasSuffix(".") { return "ends with a dot" }
        if text.contains("..") { return "has two dots in a row" }
        if let character = text.first(where: { $0 != "." && !isAtomText($0) }) {
            return "contains \"\(character)\", which is not allowed"
        }
        return nil
    }

    /// Whether the character is RFC 5322 `atext`: an ASCII letter, digit or one of ``!#$%&'*+-/=?^_`{|}~``.
    static func isAtomText(_ character: Character) -> Bool {
        guard character.isASCII, let value = character.asciiValue else { return false }
        if isLetterDigitOrHyphen(character) { return true }
        return "!#$%&'*+/=?^_`{|}~".utf8.contains(value)
    }

    /// Whether the character is an ASCII letter, digit or hyphen, as host name labels are made of.
    static func isLetterDigitOrHyphen(_ character: Character) -> Bool {
        guard let value = character.asciiValue else { return false }
        switch value {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
