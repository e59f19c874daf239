import Foundation
import Inbound
import Testing

@Suite("Hostile and malformed mail") struct HostileMailTests {
    /// The error of an unreadable message, or nil when it was read.
    func unreadable(_ bytes: [UInt8], limits: InboundLimits = InboundLimits()) -> InboundError? {
        if case .unreadable(let error) = InboundRecogniser(limits: limits).recognise(bytes) { return error }
        return nil
    }

    @Test("a 50 MB message is refused by the size limit, from memory and from a file, before it is parsed")
    func fiftyMegabytes() throws {
        let header = Array("From: a@example.org\nSubject: big\nContent-Type: multipart/mixed\n\n".utf8)
        // No boundary parameter: a parse would fail with malformedMultipart, so messageTooLarge
        // shows the size was checked first.
        let bytes = header + [UInt8](repeating: UInt8(ascii: "x"), count: 50 * 1024 * 1024)
        let error = try #require(unreadable(bytes))
        #expect(error.code == .messageTooLarge)
        #expect(error.message.contains("maximumMessageSize"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("inbound-50mb-\(UUID().uuidString).eml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(bytes).write(to: file)
        guard case .unreadable(let fromFile) = try InboundRecogniser().recognise(fileAt: file) else {
            Issue.record("the 50 MB file was read")
            return
        }
        #expect(fromFile.code == .messageTooLarge)
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        #expect(throws: InboundError.self) { try MessageReader().readBytes(from: handle) }
    }

    /// A message of `depth` multiparts, each inside the one before.
    func nested(_ depth: Int) -> [UInt8] {
        var text = "From: a@example.org\nSubject: deep\n"
        for level in 0..<depth { text += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\n\n--b\(level)\n" }
        text += "Content-Type: text/plain\n\nthe bottom\n"
        for level in (0..<depth).reversed() { text += "--b\(level)--\n" }
        return Array(text.utf8)
    }

    @Test("multiparts nested 19 deep are read; 500 deep are refused by the nesting limit")
    func deepNesting() throws {
        #expect(unreadable(nested(19)) == nil)
        let error = try #require(unreadable(nested(500)))
        #expect(error.code == .nestingTooDeep)
        #expect(error.message.contains("maximumNestingDepth"))
    }

    @Test("too many parts, too many header fields and a too long header are refused by their limits")
    func countLimits() throws {
        var parts = "From: a@example.org\nContent-Type: multipart/mixed; boundary=b\n\n"
        for _ in 0..<1_500 { parts += "--b\n\nx\n" }
        #expect(unreadable(Array((parts + "--b--\n").utf8))?.code == .tooManyParts)
        let fields = String(repeating: "X-Spam: 1\n", count: 2_000) + "\nbody\n"
        #expect(unreadable(Array(fields.utf8))?.code == .tooManyHeaders)
        let long = "Subject: " + String(repeating: "a", count: 70_000) + "\n\nbody\n"
        #expect(unreadable(Array(long.utf8))?.code == .headerTooLong)
        let folded = "Subject: a\n" + String(repeating: " a\n", count: 40_000) + "\nbody\n"
        #expect(unreadable(Array(folded.utf8))?.code == .headerTooLong)
    }

    @Test("malformed MIME is unreadable with the line or the part named")
    func malformed() throws {
        let headerLine = try #require(unreadable(try InboundSamples.bytes("malformed-header-line.eml")))
        #expect(headerLine.code == .malformedHeader)
        #expect(headerLine.message.contains("line 2"))
        let noBoundary = try #require(unreadable(try InboundSamples.bytes("malformed-no-boundary.eml")))
        #expect(noBoundary.code == .malformedMultipart)
        let unused = Array("From: a@example.org\nContent-Type: multipart/mixed; boundary=zz\n\nno parts here\n".utf8)
        #expect(unreadable(unused)?.code == .malformedMultipart)
        #expect(unreadable(Array(" \n\n".utf8))?.code == .emptyMessage)
        #expect(unreadable(Array("\nbody only\n".utf8))?.code == .emptyMessage)
    }

    @Test("a multipart cut short is read as far as it goes, and the missing boundary is noted")
    func cutShort() throws {
        let text = "From: a@example.org\nContent-Type: multipart/mixed; boundary=cut\n\n--cut\nContent-Type: text/plain\n\nhalf a mess"
        let message = try MessageReader().read(Array(text.utf8))
        #expect(message.unterminatedBoundaries == ["cut"])
        guard case .parts(let parts) = message.root.body else {
            Issue.record("no parts")
            return
        }
        #expect(parts.first?.text?.text == "half a mess")
    }

    @Test("random bytes never crash the reader: each gives an outcome")
    func randomBytes() {
        var generator = SplitMix(seed: 17)
        for round in 0..<300 {
            let length = Int(generator.next() % 4_000)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if round % 2 == 0 {
                bytes = Array("From: a@example.org\nContent-Type: multipart/report; boundary=\"q\"\n\n--q\n".utf8) + bytes
            }
            _ = InboundRecogniser().recognise(bytes)
        }
    }
}

/// A small deterministic random generator (SplitMix64), so every run feeds the same bytes.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
