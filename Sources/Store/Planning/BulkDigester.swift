import Crypto
import Foundation
import Mail

/// Digests of many addresses under the store's secret, the same as ``PersonalDigest`` gives,
/// with the key schedule done once: planning a day digests up to every customer's address.
struct BulkDigester {
    private let keyed: HMAC<SHA256>

    /// A digester with the key of `digests`.
    init(_ digests: PersonalDigest) {
        keyed = HMAC<SHA256>(key: digests.key)
    }

    /// The lower-case hexadecimal HMAC-SHA256 of the address's normalized form.
    func digest(_ address: EmailAddress) -> String {
        var code = keyed
        var text = address.normalizedForStore
        text.withUTF8 { code.update(data: UnsafeRawBufferPointer($0)) }
        return PersonalDigest.hexadecimal(code.finalize())
    }
}
