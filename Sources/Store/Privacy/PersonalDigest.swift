import Crypto
import Foundation
import Mail

/// Keyed digests (HMAC-SHA256 under the store's own random secret) of personal values: they let
/// the consent ledger and the list of erased addresses recognise an address or IP again without
/// keeping it, and cannot be reversed or recomputed by anyone without the store file.
struct PersonalDigest: Sendable {
    /// An HMAC already keyed with the per-store secret (made by the first migration); copying it
    /// skips the key schedule, which would otherwise cost as much as the digest itself.
    private let keyed: HMAC<SHA256>

    /// Digests keyed with the store's secret.
    init(key: SymmetricKey) {
        keyed = HMAC<SHA256>(key: key)
    }

    /// The lower-case hexadecimal HMAC-SHA256 of the text's UTF-8 bytes.
    func digest(_ text: String) -> String {
        Hexadecimal.lowercase(code(text))
    }

    /// The HMAC-SHA256 of the text's UTF-8 bytes.
    private func code(_ text: String) -> HashedAuthenticationCode<SHA256> {
        var text = text
        var code = keyed
        text.withUTF8 { bytes in code.update(data: UnsafeRawBufferPointer(bytes)) }
        return code.finalize()
    }

    /// The digest of an address, taken over its normalized form.
    func digest(_ address: EmailAddress) -> String {
        digest(address.normalizedForStore)
    }

    /// The digest of an address as a ``DigestKey`` (the same digest, not written out in hexadecimal).
    func key(_ address: EmailAddress) -> DigestKey {
        DigestKey(code(address.normalizedForStore))
    }
}

extension EmailAddress {
    /// The form consent, suppression and erasure attach to: the whole address lower-cased, so
    /// that `Sara@Shop.example` and `sara@shop.example` are one person for every privacy decision
    /// (mail is still sent to the address as written).
    var normalizedForStore: String { description.lowercased() }
}
