import Foundation
import KeepsakeTestSupport
import Testing

/// The oracle must not be blind: hand-made broken messages are reported.
@Suite("The independent checker itself")
struct CheckerSelfTests {
    static let headers = "From: a@shop.example\r\nTo: b@customer.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n"

    static func check(_ text: String, expecting expectation: MessageChecker.Expectation? = nil) throws -> MessageCheck {
        try MessageChecker.check(Array(text.utf8), expecting: expectation)
    }

    @Test("a clean message has nothing to report")
    func clean() throws {
        let check = try Self.check(Self.headers + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n", expecting: .init(subject: "x", text: "Hello\n"))
        #expect(check.defects == [] && check.lineProblems == [] && check.mismatches == [])
        #expect(check.from?.addrSpec == "a@shop.example")
        #expect(check.headerCounts["Subject"] == 1)
    }

    @Test("line problems are found", arguments: [
        ("Hello\nbare LF\r\n", "bare LF"),
        ("Hello\rbare CR\r\n", "bare CR"),
        (String(repeating: "x", count: 999) + "\r\n", "over 998"),
    ])
    func lineProblems(body: String, problem: String) throws {
        let check = try Self.check(Self.headers + "\r\n" + body)
        #expect(check.lineProblems.contains { $0.contains(problem) }, "\(check.lineProblems)")
    }

    @Test("a long encoded-word line is found")
    func longEncodedWordLine() throws {
        let word = "=?UTF-8?B?" + String(repeating: "QUFB", count: 16) + "?="
        let check = try Self.check("Subject: \(word) \(word)\r\nFrom: a@shop.example\r\n\r\nx\r\n")
        #expect(check.lineProblems.contains { $0.contains("encoded-word (over 76)") })
    }

    @Test("body problems are found", arguments: [
        ("quoted-printable", "bad =ZZ escape\r\n", "malformed quoted-printable"),
        ("quoted-printable", "trailing space \r\n", "trailing white space"),
        ("quoted-printable", String(repeating: "a", count: 77) + "\r\n", "over 76"),
        ("base64", "SGVsbG8\r\n", "InvalidBase64PaddingDefect"),
        ("base64", "/w==\r\n", "not valid utf-8"),
    ])
    func bodyProblems(encoding: String, body: String, problem: String) throws {
        let check = try Self.check(Self.headers + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: \(encoding)\r\n\r\n" + body)
        let reports = check.defects + check.lineProblems
        #expect(reports.contains { $0.contains(problem) }, "\(reports)")
    }

    @Test("a multipart message without its closing boundary is a defect")
    func unclosedMultipart() throws {
        let check = try Self.check(Self.headers + "Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nHi\r\n")
        #expect(!check.defects.isEmpty)
    }

    @Test("mismatches with the expectation are listed")
    func mismatches() throws {
        let check = try Self.check(Self.headers + "\r\nHello\r\n", expecting: .init(subject: "y", text: "Hello\n"))
        #expect(check.mismatches.count == 1)
        #expect(check.mismatches.first?.hasPrefix("subject:") == true)
    }

    @Test("a directory of messages is checked file by file")
    func directory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-eml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data((Self.headers + "\r\nOne\r\n").utf8).write(to: directory.appendingPathComponent("000001.eml"))
        try Data((Self.headers + "\r\nTwo\nbare\r\n").utf8).write(to: directory.appendingPathComponent("000002.eml"))
        try Data("not a message".utf8).write(to: directory.appendingPathComponent("000001.json"))
        let checks = try MessageChecker.checkDirectory(directory)
        #expect(checks.map(\.file) == ["000001.eml", "000002.eml"])
        #expect(checks.map(\.text) == ["One\n", "Two\nbare\n"])
        #expect(checks[0].lineProblems.isEmpty && !checks[1].lineProblems.isEmpty)
    }
}
