import Foundation
import Mail
import Store
import Testing
@testable import CustomerImport

/// One file of the malformed corpus and what its import must report.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    let file: String
    /// `ROW: column`, such as `3: birthday`.
    let fragment: String
    /// Words the message must contain, so that it explains the problem.
    let words: String

    var testDescription: String { file }

    static let directory = ImportFixture.testsDirectory.appendingPathComponent("Malformed")

    /// The cases listed in Malformed/manifest.tsv.
    static let all: [MalformedCase] = {
        let manifest = (try? String(contentsOf: directory.appendingPathComponent("manifest.tsv"), encoding: .utf8)) ?? ""
        return manifest.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return MalformedCase(file: columns[0], fragment: columns[1], words: columns[2])
        }
    }()
}

/// What the tests can see of a store: the customer count, every seeded and file customer, the ledger.
private struct StoreSnapshot: Equatable {
    var count: Int
    var customers: [CustomerRecord?]
    var ledgerHashes: [String]

    init(_ store: KeepsakeStore) throws {
        count = try store.customerCount()
        customers = try ["s001", "s002", "m100", "m200", "m300", "m301"].map { try store.customer(idOrEmail: $0) }
        ledgerHashes = try store.consentLog(email: nil).map(\.hash)
    }
}

@Suite("Malformed customer files")
struct MalformedCorpusTests {
    @Test func theCorpusHasAtLeastThirtyFilesEachInTheManifest() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: MalformedCase.directory.path)
            .filter { $0.hasSuffix(".csv") }
        #expect(MalformedCase.all.count >= 30)
        #expect(Set(files) == Set(MalformedCase.all.map(\.file)))
    }

    @Test(arguments: MalformedCase.all)
    func isRefusedWithItsRowAndColumnAndTheStoreIsUnchanged(_ malformed: MalformedCase) throws {
        let fixture = try ImportFixture()
        let seed = try fixture.write("""
            \(customerHeader)
            s001,seed1@example.com,Seed,One,en,Europe/London,GB,gregorian,1990-01-02,,,0,0,GBP,,opted_in,2021-01-01T00:00:00Z,newsletter form
            s002,seed2@example.com,سارا,کریمی,fa-IR,Asia/Tehran,IR,persian,1369-01-01,,,0,0,IRR,,,,

            """, to: "seed.csv")
        #expect(try fixture.importCustomers(seed).committed)
        let before = try StoreSnapshot(fixture.store)

        let path = MalformedCase.directory.appendingPathComponent(malformed.file).path
        let report = try fixture.importCustomers(path)

        #expect(!report.committed)
        let expected = "\(malformed.file):\(malformed.fragment): "
        let match = report.problems.first { $0.description.hasPrefix(expected) }
        #expect(match != nil, "expected a problem starting \(expected), got \(report.problems.map(\.description))")
        #expect(match?.message.contains(malformed.words) == true, "\(match?.message ?? "") lacks \"\(malformed.words)\"")
        #expect(try StoreSnapshot(fixture.store) == before)
        #expect(report.inserted == 0 && report.updated == 0 && report.consentRecorded == 0)
    }

    @Test func listsEveryProblemOfAFileNotOnlyTheFirst() throws {
        let fixture = try ImportFixture()
        let path = try fixture.write("""
            \(customerHeader)
            c1,bad@@x.example,A,B,en,Mars/Base,IR,persian,1403-13-01,,,-1,0,IRR,,,,
            c2,ok@example.com,A,B,en,UTC,IR,gregorian,,,,0,0,IRR,,maybe,,
            c1,ok2@example.com,A,B,en,UTC,IR,gregorian,,,,0,0,IRR,,,,

            """, to: "many.csv")
        let report = try fixture.importCustomers(path)
        #expect(report.problems.map { "\($0.line): \($0.column)" } == [
            "2: email", "2: timezone", "2: birthday", "2: orders_count",
            "3: consent", "3: consent_at", "3: consent_source",
            "4: id",
        ])
        #expect(report.problems.allSatisfy { $0.file == "many.csv" })
        #expect(try fixture.store.customerCount() == 0)
    }
}
