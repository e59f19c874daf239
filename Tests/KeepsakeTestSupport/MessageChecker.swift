import Foundation

/// What Python's `email` package (policy.default) makes of a message: the result of
/// `Tests/Support/check_message.py`, field for field.
public struct MessageCheck: Decodable, Sendable {
    /// An address as the parser read it.
    public struct Address: Decodable, Sendable, Equatable {
        /// The decoded display name, if any (the parser gives `""` for none).
        public let displayName: String?
        /// The bare address, such as `sara@x.example`.
        public let addrSpec: String?

        enum CodingKeys: String, CodingKey {
            case displayName = "display_name"
            case addrSpec = "addr_spec"
        }
    }

    /// The file checked, in `--eml-dir` mode (nil for a single message).
    public let file: String?
    /// Everything the parser found wrong: message, header, part and body defects. Empty when clean.
    public let defects: [String]
    /// Each header's decoded values, in order of appearance, by name as written.
    public let headers: [String: [String]]
    /// How many times each header appears, by name as written.
    public let headerCounts: [String: Int]
    /// The decoded Subject, if any.
    public let subject: String?
    /// The first From address.
    public let from: Address?
    /// The first To address.
    public let to: Address?
    /// The first Reply-To address.
    public let replyTo: Address?
    /// The decoded text/plain body, CRLF turned into LF.
    public let text: String?
    /// The decoded text/html body, CRLF turned into LF.
    public let html: String?
    /// The top-level content type, such as `multipart/alternative`.
    public let contentType: String
    /// Lines that break the wire rules (length, bare CR/LF, non-ASCII, encoded-word lines, QP).
    public let lineProblems: [String]
    /// Differences from the expectation passed in; empty without one.
    public let mismatches: [String]

    /// The first value of a header, its name compared without regard to case.
    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value.first
    }

    /// How many times a header appears, its name compared without regard to case.
    public func count(of name: String) -> Int {
        headerCounts.filter { $0.key.caseInsensitiveCompare(name) == .orderedSame }.values.reduce(0, +)
    }

    enum CodingKeys: String, CodingKey {
        case file, defects, headers, subject, from, to, text, html, mismatches
        case headerCounts = "header_counts"
        case replyTo = "reply_to"
        case contentType = "content_type"
        case lineProblems = "line_problems"
    }

    /// Reads the checker's JSON; a header given once (a string) becomes a one-element list.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        file = try container.decodeIfPresent(String.self, forKey: .file)
        defects = try container.decode([String].self, forKey: .defects)
        headers = try container.decode([String: OneOrMany].self, forKey: .headers).mapValues(\.values)
        headerCounts = try container.decode([String: Int].self, forKey: .headerCounts)
        subject = try container.decodeIfPresent(String.self, forKey: .subject)
        from = try container.decodeIfPresent(Address.self, forKey: .from)
        to = try container.decodeIfPresent(Address.self, forKey: .to)
        replyTo = try container.decodeIfPresent(Address.self, forKey: .replyTo)
        text = try container.decodeIfPresent(String.self, forKey: .text)
        html = try container.decodeIfPresent(String.self, forKey: .html)
        contentType = try container.decode(String.self, forKey: .contentType)
        lineProblems = try container.decode([String].self, forKey: .lineProblems)
        mismatches = try container.decodeIfPresent([String].self, forKey: .mismatches) ?? []
    }

    /// A header value that is a string, or a list of strings when the header is repeated.
    private struct OneOrMany: Decodable {
        let values: [String]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let single = try? container.decode(String.self) {
                values = [single]
            } else {
                values = try container.decode([String].self)
            }
        }
    }
}

/// Runs the independent checker, `Tests/Support/check_message.py`, under Debian's Python.
public enum MessageChecker {
    /// What the decoded message should hold; nil fields are not compared. Comparison is exact.
    public struct Expectation: Encodable, Sendable {
        /// The decoded Subject.
        public var subject: String?
        /// The From display name.
        public var fromName: String?
        /// The To display name.
        public var toName: String?
        /// The text/plain body, with LF line ends.
        public var text: String?
        /// The text/html body, with LF line ends.
        public var html: String?

        /// An expectation for any subset of subject, display names and bodies (bodies with LF line ends).
        public init(subject: String? = nil, fromName: String? = nil, toName: String? = nil, text: String? = nil, html: String? = nil) {
            self.subject = subject
            self.fromName = fromName
            self.toName = toName
            self.text = text
            self.html = html
        }

        enum CodingKeys: String, CodingKey {
            case subject, text, html
            case fromName = "from_name"
            case toName = "to_name"
        }
    }

    /// The checker failed to run or to answer in JSON.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, with the checker's standard error.
        public let description: String
    }

    /// Checks a message given as its bytes.
    public static func check(_ bytes: [UInt8], expecting expectation: Expectation? = nil) throws -> MessageCheck {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("message.eml")
        try Data(bytes).write(to: file)
        return try check(fileAt: file, expecting: expectation, scratchDirectory: directory)
    }

    /// Checks a message stored in a file.
    public static func check(fileAt file: URL, expecting expectation: Expectation? = nil) throws -> MessageCheck {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        return try check(fileAt: file, expecting: expectation, scratchDirectory: directory)
    }

    /// Checks every `*.eml` file in a directory, sorted by name; each result names its `file`.
    public static func checkDirectory(_ directory: URL) throws -> [MessageCheck] {
        let scratch = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let output = try run(["--eml-dir", directory.path], scratchDirectory: scratch)
        return try output.split(separator: UInt8(ascii: "\n")).map { line in
            try JSONDecoder().decode(MessageCheck.self, from: Data(line))
        }
    }

    private static func check(fileAt file: URL, expecting expectation: Expectation?, scratchDirectory: URL) throws -> MessageCheck {
        var arguments = [file.path]
        if let expectation {
            let expectationFile = scratchDirectory.appendingPathComponent("expect.json")
            try JSONEncoder().encode(expectation).write(to: expectationFile)
            arguments.append(expectationFile.path)
        }
        let output = try run(arguments, scratchDirectory: scratchDirectory)
        do {
            return try JSONDecoder().decode(MessageCheck.self, from: output)
        } catch {
            throw Failure(description: "check_message.py printed something that is not its JSON (\(error)): \(String(decoding: output, as: UTF8.self))")
        }
    }

    /// Runs the checker with the arguments.
    private static func run(_ arguments: [String], scratchDirectory: URL) throws -> Data {
        do {
            return try SupportScript.run("check_message.py", arguments, scratchDirectory: scratchDirectory)
        } catch let failure as SupportScript.Failure {
            throw Failure(description: failure.description)
        }
    }

    private static func temporaryDirectory() throws -> URL {
        try SupportScript.temporaryDirectory()
    }
}
