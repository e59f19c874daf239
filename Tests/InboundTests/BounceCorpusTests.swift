import Foundation
import Inbound
import Testing

@Suite("The flufl.bounce corpus") struct BounceCorpusTests {
    @Test("every one of the 117 samples is read, and each failed address flufl.bounce finds is found the same way")
    func corpusMatchesFluflBounce() throws {
        let recogniser = InboundRecogniser()
        let expectations = try BounceCorpus.expectations()
        let names = try BounceCorpus.sampleNames()
        #expect(names.count == 117)
        var matched = 0
        var differences: [String] = []
        for name in names {
            let report = recogniser.recognise(try BounceCorpus.bytes(name))
            if case .unreadable(let error) = report { Issue.record("\(name) is unreadable: \(error)") }
            let found = BounceCorpus.failures(report)
            guard let expected = expectations[name] else { continue }
            let kind: FailureKind = expected.temporary ? .temporary : .permanent
            let wanted = Dictionary(uniqueKeysWithValues: expected.addresses.map { ($0, kind) })
            if expected.addresses.isEmpty { continue }
            if found == wanted {
                matched += 1
                #expect(Self.knownDifferences[name] == nil, "\(name) now matches flufl.bounce: take it out of knownDifferences")
            } else if Self.knownDifferences[name] == nil {
                differences.append("\(name): flufl.bounce \(wanted.sorted { $0.key < $1.key }), recogniser \(BounceCorpus.summary(report))")
            }
        }
        let withAddresses = expectations.values.filter { !$0.addresses.isEmpty }.count
        #expect(matched + Self.knownDifferences.count == withAddresses)
        #expect(differences.isEmpty, "\(matched) of \(withAddresses) match; these differ:\n\(differences.joined(separator: "\n"))")
    }

    /// The samples in which flufl.bounce's expected addresses are not exactly what the recogniser
    /// finds, and why. Each is a weakness of the recogniser's generic rules against one of
    /// flufl.bounce's detectors written for that one format.
    static let knownDifferences: [String: String] = [
        "aol_01.txt": "AOL names the failed screen names without a domain; flufl.bounce's AOL detector adds @aol.com, the recogniser finds only the sender quoted in the sentence",
        "bounce_03.txt": "the list address quoted in the report's text is reported beside the failed one",
        "llnl_01.txt": "LLNL's explanation quotes example addresses, reported beside the failed one",
        "microsoft_03.txt": "an Exchange moderator-approval notice with no failure wording: kept aside as unrecognised",
        "simple_01.txt": "MDaemon quotes the failed address after a line the recogniser takes for the start of the returned message: kept aside as unrecognised",
        "simple_45.txt": "EarthLink's text quotes example addresses, reported beside the failed one",
        "yale_01.txt": "Yale's directory-lookup text lists candidate addresses, reported instead of the two failed ones",
    ]

    @Test("a DSN in the corpus gives each recipient's fields")
    func deliveryStatusFields() throws {
        let report = InboundRecogniser().recognise(try BounceCorpus.bytes("dsn_01.txt"))
        guard case .deliveryStatus(let status) = report else {
            Issue.record("dsn_01.txt: \(BounceCorpus.summary(report))")
            return
        }
        let recipient = try #require(status.recipients.first)
        #expect(status.reportingMTA == "dns;msg00.seamail.go.com")
        #expect(recipient.originalRecipient == "userx@example.com")
        #expect(recipient.finalRecipient == "userx@sims-ms-daemon")
        #expect(recipient.action == "failed")
        #expect(recipient.status == "5.0.0")
        #expect(recipient.failure == .permanent)
    }
}
