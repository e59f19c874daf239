import Foundation
import Inbound
import KeepsakeTestSupport
import Testing

@Suite("Structure against Python's email package") struct IndependentParserTests {
    struct PythonView: Decodable {
        let file: String
        let types: [String]
        let recipients: [[String]]
    }

    /// What Tests/Support/inbound_structure.py (Debian's Python) reads in the files.
    func pythonViews(_ files: [URL]) throws -> [PythonView] {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("inbound-structure-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestSupportPaths.systemPython)
        process.arguments = [TestSupportPaths.supportDirectory.appendingPathComponent("inbound_structure.py").path] + files.map(\.path)
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        #expect(process.terminationStatus == 0)
        return try String(contentsOf: output, encoding: .utf8).split(separator: "\n").map { try JSONDecoder().decode(PythonView.self, from: Data($0.utf8)) }
    }

    /// The content types in Python's walk order: carried messages included, the header of a
    /// text/rfc822-headers part not (Python reads it as text; message/rfc822-headers as a message).
    func types(_ part: MIMEPart) -> [String] {
        switch part.body {
        case .bytes: [part.contentType.mimeType]
        case .parts(let parts): [part.contentType.mimeType] + parts.flatMap(types)
        case .message(let inner): part.contentType.mimeType == "text/rfc822-headers" ? [part.contentType.mimeType] : [part.contentType.mimeType] + types(inner)
        }
    }

    @Test("content types and delivery-status recipients agree with Python's email package on DSNs of the corpus and the samples")
    func sameStructure() throws {
        let corpus = ["dsn_01.txt", "dsn_03.txt", "dsn_05.txt", "dsn_09.txt", "dsn_14.txt", "postfix_01.txt", "qmail_01.txt", "yahoo_01.txt", "simple_27.txt"]
            .map { BounceCorpus.dataDirectory.appendingPathComponent($0) }
        let samples = ["keepsake-dsn-verp.eml", "bounce-of-a-bounce.eml", "rfc5965-b2-complete-arf.eml", "keepsake-complaint-opt-out.eml"]
            .map { InboundSamples.directory.appendingPathComponent($0) }
        _ = try BounceCorpus.sampleNames()
        let files = corpus + samples
        let views = try pythonViews(files)
        #expect(views.count == files.count)
        for (file, view) in zip(files, views) {
            let message = try MessageReader().read([UInt8](try Data(contentsOf: file)))
            #expect(types(message.root) == view.types, "\(file.lastPathComponent)")
            if case .deliveryStatus(let report) = InboundRecogniser().recognise(message) {
                // A Final-Recipient that is no Internet address (an X.400 one, in dsn_09.txt) is nil here.
                let python = view.recipients.first?.map { $0.contains("@") ? $0 : "" }
                #expect(report.recipients.map { $0.finalRecipient ?? "" } == python, "\(file.lastPathComponent)")
            } else {
                #expect(view.recipients.isEmpty, "\(file.lastPathComponent): Python finds a delivery-status part")
            }
        }
    }
}
