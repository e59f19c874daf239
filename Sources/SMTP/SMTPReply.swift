/// One complete reply line from an SMTP server, such as `550 5.1.1 <bob@example.com>: No such user`.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The three-digit reply code, e.g. 550.
    public let code: Int
    /// The whole line as received, without the line ending.
    public let line: String

    /// The RFC 3463 enhanced status code when the server sent one, e.g. `5.1.1`: the
    /// `class.subject.detail` token after the code, if its class matches the code's. Read from
    /// ``line`` when asked (most replies are `250`s whose status nobody reads).
    public var enhancedStatus: String? {
        let token = line.utf8.dropFirst(4).prefix { $0 != UInt8(ascii: " ") }
        let parts = token.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCIIDigit) }),
              parts[0].count == 1, Int(parts[0][parts[0].startIndex] - UInt8(ascii: "0")) == code / 100
        else { return nil }
        return String(decoding: token, as: UTF8.self)
    }

    /// Parses a reply line. Returns nil when the line does not start with a three-digit code.
    public init?(line rawLine: String) {
        var utf8 = rawLine.utf8[...]
        while let last = utf8.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { utf8 = utf8.dropLast() }
        var digits = utf8.prefix(3).makeIterator()
        guard let hundreds = digits.next(), (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(hundreds),
              let tens = digits.next(), tens.isASCIIDigit, let units = digits.next(), units.isASCIIDigit
        else { return nil }
        let code = Int(hundreds - UInt8(ascii: "0")) * 100 + Int(tens - UInt8(ascii: "0")) * 10 + Int(units - UInt8(ascii: "0"))
        let line = String(Substring(utf8))
        self.code = code
        self.line = line
    }

    /// True for the final line of a (possibly multi-line) reply: `250 OK`, not `250-SIZE`.
    static func isFinalLine(_ line: String) -> Bool {
        isFinalLine(Array(line.utf8))
    }

    /// True for the final line of a reply, given as its bytes without the line ending.
    static func isFinalLine(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.count == 3 || (bytes.count > 3 && bytes.dropFirst(3).first != UInt8(ascii: "-"))
    }

    public var description: String { line }
}

extension UInt8 {
    var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
}
