import Foundation
import Inbound
import KeepsakeTestSupport
import Store
import Testing

/// The Maildir source and the spool: mail is put away only after its commit, and a message seen
/// again after a kill between the commit and the move changes nothing.
@Suite("Maildir and spool sources")
struct MaildirSourceTests {
    static func maildir(in fixture: InboundFixture) throws -> URL {
        let folder = fixture.directory.appendingPathComponent("bounces", isDirectory: true)
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        return folder
    }

    static func files(_ folder: URL, _ sub: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(sub).path)) ?? []).sorted()
    }

    @Test("new/ and cur/ are read; processed mail goes to .processed, kept-aside mail to .kept-aside; seen again after a kill, nothing changes")
    func drainsAndPutsAway() async throws {
        let fixture = try InboundFixture()
        let folder = try Self.maildir(in: fixture)
        let bounce = ReturnedMail.dsn(to: fixture.verp("sara"), messageID: fixture.delivery("sara").messageID, recipients: [.init(address: "sara@example.org")])
        try bounce.write(to: folder.appendingPathComponent("new/1774087200.M1P1.mx"), atomically: true, encoding: .utf8)
        try "From: someone@example.org\nSubject: hello\n\nhi\n".write(
            to: folder.appendingPathComponent("cur/1774087201.M2P2.mx:2,S"), atomically: true, encoding: .utf8)
        let source = MaildirSource(folder: folder)
        #expect(source.description == "maildir \(folder.path)")
        let results = try await fixture.processor.drain(source, limit: 10)
        #expect(results.map(\.outcome) == [.suppressed, .keptAside])
        #expect(Self.files(folder, "new").isEmpty && Self.files(folder, "cur").isEmpty)
        #expect(Self.files(source.processedFolder, "cur") == ["1774087200.M1P1.mx"])
        #expect(Self.files(source.keptAsideFolder, "cur") == ["1774087201.M2P2.mx:2,S"])
        // A kill after the commit and before the move leaves the message in new/: the next round
        // recognises it by its digest, changes nothing, and puts it where it went the first time.
        try bounce.write(to: folder.appendingPathComponent("new/1774087200.M1P1.mx"), atomically: true, encoding: .utf8)
        let again = try await fixture.processor.drain(source, limit: 10)
        #expect(again.map(\.outcome) == [.duplicate])
        #expect(Self.files(folder, "new").isEmpty)
        #expect(try fixture.store.suppressionCount() == 1)
        #expect(try fixture.store.inboundOutcomeCounts() == [.suppressed: 1, .keptAside: 1])
    }

    @Test("a message over the size limit is read only up to the limit and kept aside as too large")
    func oversizedFileIsBounded() async throws {
        let fixture = try InboundFixture()
        let folder = try Self.maildir(in: fixture)
        let big = Data("From: a@example.org\nSubject: big\n\n".utf8) + Data(repeating: 0x78, count: 2_000)
        try big.write(to: folder.appendingPathComponent("new/big"))
        let source = MaildirSource(folder: folder, sizeLimit: 1_000)
        let waiting = try await source.waiting(limit: 10)
        #expect(waiting.map(\.bytes.count) == [1_001])
        let processor = InboundProcessor(
            recogniser: InboundRecogniser(limits: InboundLimits(maximumMessageSize: 1_000)), store: fixture.store, signatures: fixture.sender)
        let results = try await processor.drain(source, limit: 10)
        #expect(results.map(\.outcome) == [.keptAside])
        #expect(results.first?.detail?.contains("messageTooLarge") == true)
        #expect(Self.files(source.keptAsideFolder, "cur") == ["big"])
    }

    @Test("the spool writes through tmp/ into new/, and the daemon reads it as a Maildir")
    func spoolIsAMaildir() async throws {
        let fixture = try InboundFixture()
        let folder = try Self.maildir(in: fixture)
        let input = fixture.directory.appendingPathComponent("input.eml")
        try ReturnedMail.complaint(envelopeSender: fixture.verp("reza"), recipient: "reza@example.org", messageID: fixture.delivery("reza").messageID)
            .write(to: input, atomically: true, encoding: .utf8)
        let spooled = try InboundSpool(folder: folder).spool(from: try FileHandle(forReadingFrom: input))
        #expect(!spooled.truncated)
        #expect(Self.files(folder, "tmp").isEmpty)
        #expect(Self.files(folder, "new") == [spooled.file.lastPathComponent])
        let results = try await fixture.processor.drain(MaildirSource(folder: folder, kind: "spool"), limit: 10)
        #expect(results.map(\.outcome) == [.consentRevoked])
        #expect(try fixture.store.inboundEntries(deliveryID: fixture.delivery("reza").id).first?.record.source == "spool \(folder.path)")
    }

    @Test("a spool without tmp/ fails with an error naming the folder, and leaves nothing behind")
    func unwritableSpool() throws {
        let fixture = try InboundFixture()
        let folder = fixture.directory.appendingPathComponent("missing", isDirectory: true)
        let input = fixture.directory.appendingPathComponent("input.eml")
        try "From: a@example.org\n\nx\n".write(to: input, atomically: true, encoding: .utf8)
        #expect {
            try InboundSpool(folder: folder).spool(from: try FileHandle(forReadingFrom: input))
        } throws: { error in
            "\(error)".contains(folder.path) && "\(error)".contains("inbound.spool")
        }
    }
}
