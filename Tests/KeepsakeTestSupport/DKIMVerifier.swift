import Foundation

/// What dkimpy made of one message's DKIM signatures: the result of `Tests/Support/verify_dkim.py`.
public struct DKIMVerification: Decodable, Sendable {
    /// One DKIM-Signature field, top to bottom.
    public struct Signature: Decodable, Sendable {
        public let index: Int
        /// `rsa-sha256` or `ed25519-sha256` (the `a=` tag).
        public let algorithm: String?
        public let domain: String?
        public let selector: String?
        /// Whether dkimpy verified it against the stub DNS record.
        public let valid: Bool
        /// Why not, when not valid.
        public let error: String?
    }

    /// The file name.
    public let file: String
    public let signatures: [Signature]
    /// Whether an rsa-sha256 signature verifies; nil when the message has none.
    public let rsa: Bool?
    /// Whether an ed25519-sha256 signature verifies; nil when the message has none.
    public let ed25519: Bool?

    /// The reasons of the signatures that failed, for test messages.
    public var errors: [String] {
        signatures.filter { !$0.valid }.map { "\($0.algorithm ?? "?") s=\($0.selector ?? "?"): \($0.error ?? "?")" }
    }
}

/// Runs the independent DKIM verifier, dkimpy through `Tests/Support/verify_dkim.py`, with a stub
/// DNS that serves the given zone-file lines (as `keepsake dkim keygen` prints them).
public enum DKIMVerifier {
    /// Verifies one message given as its bytes.
    public static func verify(_ bytes: [UInt8], zone: [String]) throws -> DKIMVerification {
        let scratch = try SupportScript.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("message.eml")
        try Data(bytes).write(to: file)
        let results = try run([file.path], zone: zone, scratch: scratch)
        guard let result = results.first, results.count == 1 else {
            throw SupportScript.Failure(description: "verify_dkim.py answered \(results.count) results for one message")
        }
        return result
    }

    /// Verifies every `*.eml` of a directory, sorted by name.
    public static func verifyDirectory(_ directory: URL, zone: [String]) throws -> [DKIMVerification] {
        let scratch = try SupportScript.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try run(["--eml-dir", directory.path], zone: zone, scratch: scratch)
    }

    private static func run(_ arguments: [String], zone: [String], scratch: URL) throws -> [DKIMVerification] {
        let zoneFile = scratch.appendingPathComponent("zone.txt")
        try (zone.joined(separator: "\n") + "\n").write(to: zoneFile, atomically: true, encoding: .utf8)
        let output = try SupportScript.run("verify_dkim.py", ["--zone", zoneFile.path] + arguments, scratchDirectory: scratch)
        return try output.split(separator: UInt8(ascii: "\n")).map { line in
            try JSONDecoder().decode(DKIMVerification.self, from: Data(line))
        }
    }
}
