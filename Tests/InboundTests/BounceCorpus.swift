import Foundation
import Inbound

/// flufl.bounce 6.0.0's source package, fetched and unpacked by `make bounce-corpus` into
/// `.bounce-corpus/` (git-ignored): its 117 real bounces and, per sample, the addresses its own
/// tests (tests/test_detectors.py) expect it to find.
enum BounceCorpus {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".bounce-corpus/flufl_bounce-6.0.0/tests", isDirectory: true)
    static let dataDirectory = root.appendingPathComponent("data", isDirectory: true)

    struct Missing: Error, CustomStringConvertible {
        var description: String { "the bounce corpus is not at \(BounceCorpus.root.path): run `make bounce-corpus`" }
    }

    /// What flufl.bounce finds in one sample: the addresses, and whether as temporary failures.
    struct Expectation: Hashable {
        var addresses: Set<String>
        var temporary: Bool
    }

    /// The sample files (`*.txt`), sorted.
    static func sampleNames() throws -> [String] {
        guard FileManager.default.fileExists(atPath: dataDirectory.path) else { throw Missing() }
        return try FileManager.default.contentsOfDirectory(atPath: dataDirectory.path).filter { $0.hasSuffix(".txt") }.sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: dataDirectory.appendingPathComponent(name)))
    }

    /// The `DETECTORS` table of tests/test_detectors.py, read from the file itself: entries such as
    /// `('qmail', 'qmail_01.txt', [b'userx@example.de'], False)`, merged per sample (a sample two
    /// detectors look at, such as groupwise_02.txt, expects what either finds), addresses lower-cased.
    /// Its other tests add one sample: dumbass_01.txt, in which nothing is found (test_scan_unrecognized).
    static func expectations() throws -> [String: Expectation] {
        let source = try String(contentsOf: root.appendingPathComponent("test_detectors.py"), encoding: .utf8)
        guard let start = source.range(of: "DETECTORS = ["), let end = source.range(of: "\n]\n", range: start.upperBound..<source.endIndex) else {
            throw Missing()
        }
        let table = String(source[start.upperBound..<end.lowerBound])
        let entry = try NSRegularExpression(pattern: #"\(\s*'(\w+)',\s*'([\w.]+)',\s*\[([^\]]*)\],\s*(True|False)\s*\)"#)
        let address = try NSRegularExpression(pattern: #"b'([^']*)'"#)
        var result: [String: Expectation] = ["dumbass_01.txt": Expectation(addresses: [], temporary: false)]
        let whole = NSRange(table.startIndex..., in: table)
        for match in entry.matches(in: table, range: whole) {
            func group(_ index: Int) -> String { String(table[Range(match.range(at: index), in: table)!]) }
            let list = group(3)
            let addresses = address.matches(in: list, range: NSRange(list.startIndex..., in: list)).map {
                String(list[Range($0.range(at: 1), in: list)!]).lowercased()
            }
            var expectation = result[group(2)] ?? Expectation(addresses: [], temporary: group(4) == "True")
            expectation.addresses.formUnion(addresses)
            if !addresses.isEmpty { expectation.temporary = group(4) == "True" }
            result[group(2)] = expectation
        }
        return result
    }

    /// What the recogniser found in a report: the failed addresses (lower-case) and how they failed.
    static func failures(_ report: InboundReport) -> [String: FailureKind] {
        var found: [String: FailureKind] = [:]
        switch report {
        case .deliveryStatus(let status):
            for recipient in status.recipients {
                if let address = recipient.address, let failure = recipient.failure { found[address.lowercased()] = failure }
            }
        case .nonStandardBounce(let bounce):
            for recipient in bounce.recipients { found[recipient.address.lowercased()] = recipient.failure }
        default: break
        }
        return found
    }

    /// A one-line account of a report, for failure messages and the measurement.
    static func summary(_ report: InboundReport) -> String {
        switch report {
        case .deliveryStatus(let status): "DSN \(status.recipients.map { "\($0.address ?? "?") \($0.action)" })"
        case .feedback(let feedback): "ARF \(feedback.feedbackType)"
        case .nonStandardBounce(let bounce): "bounce \(bounce.recipients.map { "\($0.address) \($0.failure)" })"
        case .autoReply(let reply): "auto-reply (\(reply.reason))"
        case .unsubscribe(let request): "unsubscribe \(request.address)"
        case .unrecognised(let message): "unrecognised: \(message.subject ?? "")"
        case .unreadable(let error): "unreadable: \(error)"
        }
    }
}
