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
    /// The event's preference as stored (``ConsentPreference``); nil for the address's consent itself.
    var preference: String? = nil

    /// The previous hash of the first event.
    static let genesisHash = String(repeating: "0", count: 64)

    /// SHA-256 over a version tag and every field in order, each as a presence byte (0 for
    /// absent) followed, when present, by its UTF-8 length (4 bytes, big-endian) and bytes: no two
    /// different events encode alike. An event without a preference is encoded as before
    /// preferences existed (`v1`), so older chains verify; one with a preference is tagged `v2`
    /// and adds it last.
    var hash: String {
        var encoding: [UInt8] = []
        encoding.reserveCapacity(512)
        var fields: [String?] = [
            preference == nil ? "keepsake-consent-event-v1" : "keepsake-consent-event-v2", String(sequence),
            customerDigest, emailDigest, status, occurredAt, source, ipDigest, wording, reference, recordedAt,
            recordedBy, previousHash,
        ]
        if let preference { fields.append(preference) }
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
