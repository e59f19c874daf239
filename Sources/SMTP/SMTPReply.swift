/// One complete reply line from an SMTP server, such as `550 5.1.1 <bob@example.com>: No such user`.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The three-digit reply code, e.g. 550.
    public let code: Int
    /// The RFC 3463 enhanced status code when the server sent one, e.g. `5.1.1`.
    public let enhancedStatus: String?
    /// The whole line as received, without the line ending.
    public let line: String

    /// Parses a reply line. Returns nil when the line does not start with a three-digit code.
    public init?(line rawLine: String) {
        let line = String(rawLine.trimmingSuffix(while: \.isNewline))
        let characters = Array(line.utf8)
        guard characters.count >= 3,
              let first = characters.first, (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(first),
              characters[1].isASCIIDigit, characters[2].isASCIIDigit,
              let code = Int(String(decoding: characters[0..<3], as: UTF8.self))
        else { return nil }
        self.code = code
        self.line = line
        self.enhancedStatus = Self.enhancedStatus(in: line, code: code)
    }

    /// True for the final line of a (possibly multi-line) reply: `250 OK`, not `250-SIZE`.
    static func isFinalLine(_ line: String) -> Bool {
        let bytes = Array(line.utf8)
        return bytes.count == 3 || (bytes.count > 3 && bytes[3] != UInt8(ascii: "-"))
    }

    /// The RFC 3463 `class.subject.detail` token after the code, if its class matches the code's.
    private static func enhancedStatus(in line: String, code: Int) -> String? {
        let rest = line.utf8.dropFirst(4)
        let token = rest.prefix { $0 != UInt8(ascii: " ") }
        let parts = token.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCIIDigit) }),
              parts[0].count == 1, Int(parts[0][parts[0].startIndex] - UInt8(ascii: "0")) == code / 100
        else { return nil }
        return String(decoding: token, as: UTF8.self)
    }

    public var description: String { line }
}

extension UInt8 {
    var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
}

extension StringProtocol {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}
