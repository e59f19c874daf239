/// The fixed DER encodings of Ed25519 keys (RFC 8410), which swift-crypto reads and writes only
/// as raw bytes.
enum Ed25519Encoding {
    /// PKCS#8 version 1 up to the 32-byte seed: SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 },
    /// OCTET STRING { OCTET STRING (32) } }.
    static let pkcs8Prefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
    /// SubjectPublicKeyInfo up to the 32-byte key: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING }.
    static let subjectPublicKeyInfoPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// The 32-byte seed of an Ed25519 PKCS#8 key (version 1, or version 2 with the public key
    /// after the seed), or nil when `der` is not one.
    static func seed(fromPKCS8 der: [UInt8]) -> [UInt8]? {
        guard der.count >= pkcs8Prefix.count + 32, der[0] == 0x30, der[2...3] == [0x02, 0x01], der[4] <= 1,
              Array(der[5..<pkcs8Prefix.count]) == Array(pkcs8Prefix[5...])
        else { return nil }
        return Array(der[pkcs8Prefix.count..<(pkcs8Prefix.count + 32)])
    }

    /// The PKCS#8 (version 1) encoding of a seed.
    static func pkcs8(seed: [UInt8]) -> [UInt8] {
        pkcs8Prefix + seed
    }

    /// The SubjectPublicKeyInfo encoding of a raw public key.
    static func subjectPublicKeyInfo(_ publicKey: [UInt8]) -> [UInt8] {
        subjectPublicKeyInfoPrefix + publicKey
    }
}

/// The DER-encoded object identifiers of key algorithms, to say what kind of key a file holds.
enum KeyAlgorithmNames {
    /// rsaEncryption, 1.2.840.113549.1.1.1.
    static let rsaEncryption: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]

    /// Other algorithms a PKCS#8 file may hold, with how to name them in a sentence.
    static let others: [(name: String, identifier: [UInt8])] = [
        ("an elliptic-curve (ECDSA)", [0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]),
        ("an RSA-PSS", [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A]),
        ("an Ed448", [0x06, 0x03, 0x2B, 0x65, 0x71]),
        ("an X25519", [0x06, 0x03, 0x2B, 0x65, 0x6E]),
        ("a DSA", [0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01]),
    ]

    /// Whether `der` contains the encoded identifier.
    static func contains(_ der: [UInt8], _ identifier: [UInt8]) -> Bool {
        guard der.count >= identifier.count else { return false }
        return (0...(der.count - identifier.count)).contains { der[$0..<($0 + identifier.count)].elementsEqual(identifier) }
    }

    /// The name of the first known non-DKIM algorithm found in `der`, such as `an Ed448`.
    static func name(in der: [UInt8]) -> String? {
        others.first { contains(der, $0.identifier) }?.name
    }
}
