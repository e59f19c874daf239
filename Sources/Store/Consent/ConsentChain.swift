import Crypto
import Foundation
import Mail

/// The fields of a consent event that its hash covers, and the canonical encoding they are hashed
/// in. Personal values (customer id, email, IP) enter only as their keyed digests, so erasing the
/// plain values leaves every hash valid.
struct ChainedFields {
    var sequence: Int64
    var customerDigest: String?
    var emailDigest: String
    var status: String
    var occurredAt: String
    var source: String
    var ipDigest: String?
    var wording: String?
    var reference: String?
    var recordedAt: String
    var recordedBy: String
    var previousHash: String

    /// The previous hash of the first event.
    static let genesisHash = String(repeating: "0", count: 64)

    /// SHA-256 over a version tag and every field in order, each as a presence byte (0 for
    /// absent) followed, when present, by its UTF-8 length (4 bytes, big-endian) and bytes: no two
    /// different events encode alike.
    var hash: String {
        var encoding: [UInt8] = []
        encoding.reserveCapacity(512)
        let fields: [String?] = [
            "keepsake-consent-event-v1", String(sequence), customerDigest, emailDigest, status, occurredAt, source,
            ipDigest, wording, reference, recordedAt, recordedBy, previousHash,
        ]
        for field in fields {
            guard let field else {
                encoding.append(0)
                continue
            }
            encoding.append(1)
            withUnsafeBytes(of: UInt32(field.utf8.count).bigEndian) { encoding.append(contentsOf: $0) }
            encoding.append(contentsOf: field.utf8)
        }
        return Hexadecimal.lowercase(SHA256.hash(data: encoding))
    }
}
