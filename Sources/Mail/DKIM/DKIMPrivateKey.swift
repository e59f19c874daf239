import Crypto
import Foundation
import _CryptoExtras

/// A DKIM signing key: RSA (`rsa-sha256`, RFC 6376) or Ed25519 (`ed25519-sha256`, RFC 8463),
/// read from PEM or freshly made, with the public key data to publish in DNS.
public struct DKIMPrivateKey: Sendable {
    /// The kind of key, as DNS records name it (`k=rsa`, `k=ed25519`).
    public enum KeyType: String, Sendable, Hashable, CaseIterable {
        case rsa
        case ed25519

        /// The signature algorithm it signs with (`a=` of the DKIM-Signature header).
        public var signatureAlgorithm: String {
            switch self {
            case .rsa: "rsa-sha256"
            case .ed25519: "ed25519-sha256"
            }
        }

        /// How the kind is called in messages: `RSA` or `Ed25519`.
        public var displayName: String {
            switch self {
            case .rsa: "RSA"
            case .ed25519: "Ed25519"
            }
        }
    }

    enum Storage: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    let storage: Storage

    /// The smallest RSA key accepted (RFC 8301: verifiers ignore shorter ones).
    public static let minimumRSABitCount = 1024
    /// The RSA key size receivers expect (Gmail and Yahoo's 2024 rules); shorter keys deserve a warning.
    public static let recommendedRSABitCount = 2048
    /// The RSA key sizes `generate` makes.
    public static let generatedRSABitCounts = [2048, 3072, 4096]

    /// The kind of key.
    public var keyType: KeyType {
        switch storage {
        case .rsa: .rsa
        case .ed25519: .ed25519
        }
    }

    /// The key's size in bits: the RSA modulus, or 256 for Ed25519.
    public var bitCount: Int {
        switch storage {
        case .rsa(let key): key.keySizeInBits
        case .ed25519: 256
        }
    }

    /// Reads a private key from PEM text: PKCS#8 (`BEGIN PRIVATE KEY`, RSA or Ed25519, as
    /// `keepsake dkim keygen` and `openssl genpkey` write) or PKCS#1 (`BEGIN RSA PRIVATE KEY`, as
    /// `openssl genrsa` and `opendkim-genkey` write).
    ///
    /// - Throws: `MailError` with code `invalidDKIMKey` saying what the text is instead (not PEM,
    ///   a public key, an encrypted key, another kind of key) or that an RSA key is shorter than
    ///   1024 bits. The message continues a sentence about the file, such as `"/etc/keepsake/dkim.pem " + message`.
    public init(pemRepresentation text: String) throws(MailError) {
        let document = try PEMDocument(parsing: text)
        let der = document.derBytes
        switch document.label {
        case "RSA PRIVATE KEY":
            guard !document.isEncrypted else { throw Self.encrypted }
            storage = .rsa(try Self.rsaKey(der))
        case "PRIVATE KEY":
            if let seed = Ed25519Encoding.seed(fromPKCS8: der) {
                do {
                    storage = .ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: seed))
                } catch {
                    throw MailError(.invalidDKIMKey, "holds an Ed25519 private key that cannot be read")
                }
            } else if KeyAlgorithmNames.contains(der, KeyAlgorithmNames.rsaEncryption) {
                storage = .rsa(try Self.rsaKey(der))
            } else {
                let kind = KeyAlgorithmNames.name(in: der) ?? "an unknown kind of"
                throw MailError(.invalidDKIMKey, "holds \(kind) private key; DKIM signs with an RSA key (k=rsa) or an Ed25519 key (k=ed25519): make one with `keepsake dkim keygen`")
            }
        case "ENCRYPTED PRIVATE KEY":
            throw Self.encrypted
        case "EC PRIVATE KEY":
            throw MailError(.invalidDKIMKey, "holds an elliptic-curve (ECDSA) private key; DKIM signs with an RSA key (k=rsa) or an Ed25519 key (k=ed25519): make one with `keepsake dkim keygen`")
        case "PUBLIC KEY", "RSA PUBLIC KEY":
            throw MailError(.invalidDKIMKey, "holds a public key; Keepsake needs the private key (the public one goes into DNS)")
        case "OPENSSH PRIVATE KEY":
            throw MailError(.invalidDKIMKey, "holds an OpenSSH key, not a PEM key; make a DKIM key with `keepsake dkim keygen`")
        default:
            throw MailError(.invalidDKIMKey, "holds a PEM block labelled \"\(document.label)\", not a private key; make a DKIM key with `keepsake dkim keygen`")
        }
    }

    init(storage: Storage) {
        self.storage = storage
    }

    /// Makes a new key: RSA of `rsaBitCount` bits (2048, 3072 or 4096), or Ed25519.
    ///
    /// - Throws: `MailError` with code `invalidDKIMKey` for another RSA size.
    public static func generate(_ type: KeyType, rsaBitCount: Int = recommendedRSABitCount) throws(MailError) -> DKIMPrivateKey {
        switch type {
        case .ed25519:
            return DKIMPrivateKey(storage: .ed25519(Curve25519.Signing.PrivateKey()))
        case .rsa:
            guard generatedRSABitCounts.contains(rsaBitCount) else {
                throw MailError(.invalidDKIMKey, "an RSA key of \(rsaBitCount) bits: give 2048 (recommended), 3072 or 4096")
            }
            do {
                return DKIMPrivateKey(storage: .rsa(try _RSA.Signing.PrivateKey(keySize: .init(bitCount: rsaBitCount))))
            } catch {
                throw MailError(.invalidDKIMKey, "could not make an RSA key of \(rsaBitCount) bits: \(error)")
            }
        }
    }

    /// The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), ending with a line break.
    public var pemRepresentation: String {
        switch storage {
        case .rsa(let key): PEMDocument(label: "PRIVATE KEY", derBytes: Array(key.pkcs8DERRepresentation)).text
        case .ed25519(let key): PEMDocument(label: "PRIVATE KEY", derBytes: Ed25519Encoding.pkcs8(seed: Array(key.rawRepresentation))).text
        }
    }

    /// The public key as SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`).
    public var publicKeyPEMRepresentation: String {
        switch storage {
        case .rsa(let key): PEMDocument(label: "PUBLIC KEY", derBytes: Array(key.publicKey.derRepresentation)).text
        case .ed25519(let key):
            PEMDocument(label: "PUBLIC KEY", derBytes: Ed25519Encoding.subjectPublicKeyInfo(Array(key.publicKey.rawRepresentation))).text
        }
    }

    /// The `p=` value of the DNS record: base64 of the SubjectPublicKeyInfo (RSA, as
    /// `opendkim-genkey` publishes it) or of the 32-byte raw public key (Ed25519, RFC 8463 §4.2).
    public var publicKeyBase64: String {
        switch storage {
        case .rsa(let key): key.publicKey.derRepresentation.base64EncodedString()
        case .ed25519(let key): key.publicKey.rawRepresentation.base64EncodedString()
        }
    }

    /// The signature over the SHA-256 of the canonicalized header fields: RSASSA-PKCS1-v1_5 with
    /// SHA-256 (rsa-sha256), or Ed25519 over the 32 digest bytes (ed25519-sha256, RFC 8463 §3).
    func signature(over digest: SHA256.Digest) throws(MailError) -> [UInt8] {
        do {
            switch storage {
            case .rsa(let key):
                return Array(try key.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation)
            case .ed25519(let key):
                return Array(try key.signature(for: Array(digest)))
            }
        } catch {
            throw MailError(.invalidDKIMKey, "the \(keyType.displayName) key could not sign: \(error)")
        }
    }

    private static let encrypted = MailError(
        .invalidDKIMKey,
        "holds an encrypted private key; Keepsake needs it unencrypted (readable only by its own user): `openssl pkey -in KEY -out PLAIN`")

    private static func rsaKey(_ der: [UInt8]) throws(MailError) -> _RSA.Signing.PrivateKey {
        do {
            return try _RSA.Signing.PrivateKey(unsafeDERRepresentation: der)
        } catch CryptoKitError.incorrectParameterSize {
            throw MailError(.invalidDKIMKey, "holds an RSA key shorter than \(minimumRSABitCount) bits, which receivers ignore (RFC 8301); make a 2048-bit key with `keepsake dkim keygen`")
        } catch {
            throw MailError(.invalidDKIMKey, "does not hold a valid RSA private key (the PEM block's contents cannot be read as one)")
        }
    }
}
