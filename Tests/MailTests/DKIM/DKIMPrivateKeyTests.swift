import Foundation
import KeepsakeTestSupport
import Testing
@testable import Mail

/// DKIM keys read from the PEM files other tools write, and garbage refused with a clear reason.
@Suite("DKIM keys")
struct DKIMPrivateKeyTests {
    /// The base64 DER public key openssl derives from a private key (SubjectPublicKeyInfo).
    static func opensslPublicKey(_ privatePEM: String) throws -> [UInt8] {
        Array(try OpenSSL.run(["pkey", "-pubout", "-outform", "DER"], input: Data(privatePEM.utf8)))
    }

    static func refusal(_ pem: String) -> String? {
        do {
            _ = try DKIMPrivateKey(pemRepresentation: pem)
            return nil
        } catch {
            #expect(error.code == .invalidDKIMKey)
            return error.message
        }
    }

    @Test("an RSA key from openssl genrsa (PKCS#1) is read, and its p= is the public key openssl derives")
    func pkcs1RSA() throws {
        let pem = try OpenSSL.text(["genrsa", "-traditional", "2048"])
        #expect(pem.hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))
        let key = try DKIMPrivateKey(pemRepresentation: pem)
        #expect(key.keyType == .rsa && key.bitCount == 2048)
        #expect(key.publicKeyBase64 == Data(try Self.opensslPublicKey(pem)).base64EncodedString())
    }

    @Test("an RSA key from openssl genpkey (PKCS#8) is read")
    func pkcs8RSA() throws {
        let pem = try OpenSSL.text(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"])
        let key = try DKIMPrivateKey(pemRepresentation: "# a comment before the block\n" + pem)
        #expect(key.keyType == .rsa && key.bitCount == 3072)
        #expect(key.publicKeyBase64 == Data(try Self.opensslPublicKey(pem)).base64EncodedString())
    }

    @Test("an Ed25519 key from openssl genpkey is read, and p= is its raw 32-byte public key (RFC 8463)")
    func opensslEd25519() throws {
        let pem = try OpenSSL.text(["genpkey", "-algorithm", "ed25519"])
        let key = try DKIMPrivateKey(pemRepresentation: pem)
        #expect(key.keyType == .ed25519)
        let spki = try Self.opensslPublicKey(pem)
        #expect(spki.count == 44)
        #expect(key.publicKeyBase64 == Data(spki.suffix(32)).base64EncodedString())
    }

    @Test("keys Keepsake writes are read back by openssl with the same public key", arguments: DKIMPrivateKey.KeyType.allCases)
    func writtenKeysReadByOpenSSL(_ type: DKIMPrivateKey.KeyType) throws {
        let key = try DKIMPrivateKey.generate(type)
        let openssl = try OpenSSL.text(["pkey", "-pubout"], input: key.pemRepresentation)
        #expect(openssl == key.publicKeyPEMRepresentation)
        #expect(try DKIMPrivateKey(pemRepresentation: key.pemRepresentation).publicKeyBase64 == key.publicKeyBase64)
        #expect(key.pemRepresentation.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
    }

    @Test("a 1024-bit RSA key is read (the configuration warns); a 512-bit one is refused")
    func shortRSAKeys() throws {
        let key = try DKIMPrivateKey(pemRepresentation: try OpenSSL.text(["genrsa", "1024"]))
        #expect(key.bitCount == 1024)
        let message = try #require(Self.refusal(try OpenSSL.text(["genrsa", "512"])))
        #expect(message.contains("shorter than 1024 bits"), "\(message)")
    }

    @Test("garbage is refused, saying what the file holds instead")
    func garbage() throws {
        let ed25519 = try OpenSSL.text(["genpkey", "-algorithm", "ed25519"])
        let cases: [(String, String)] = [
            ("", "is not a PEM file"),
            ("hello, I am not a key\n", "is not a PEM file"),
            (String(ed25519.prefix(60)), "is not a complete PEM file"),
            ("-----BEGIN PRIVATE KEY-----\n!!!not base64!!!\n-----END PRIVATE KEY-----\n", "not base64"),
            ("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", "does not hold a valid RSA private key"),
            (try OpenSSL.text(["pkey", "-pubout"], input: ed25519), "holds a public key"),
            (try OpenSSL.text(["ecparam", "-name", "prime256v1", "-genkey", "-noout"]), "elliptic-curve"),
            (try OpenSSL.text(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]), "elliptic-curve"),
            (try OpenSSL.text(["genpkey", "-algorithm", "ed448"]), "Ed448"),
            (try OpenSSL.text(["pkey", "-aes256", "-passout", "pass:secret"], input: ed25519), "encrypted"),
            ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "labelled \"CERTIFICATE\""),
        ]
        for (pem, expected) in cases {
            let message = Self.refusal(pem)
            #expect(message?.contains(expected) == true, "\(pem.prefix(40)): \(message ?? "accepted")")
        }
    }

    @Test("RSA keys of other sizes than 2048, 3072 and 4096 are not generated")
    func generatedSizes() {
        #expect(throws: MailError.self) { try DKIMPrivateKey.generate(.rsa, rsaBitCount: 1024) }
        #expect(throws: MailError.self) { try DKIMPrivateKey.generate(.rsa, rsaBitCount: 2000) }
    }
}

/// Selectors, domains and the DNS record.
@Suite("DKIM identity and record")
struct DKIMRecordTests {
    @Test("selectors are DNS labels; bad ones are refused with the reason", arguments: [
        ("ks_2026", "contains \"_\""), ("", "empty"), ("-ks", "hyphen"), ("ks..2026", "empty label"),
        ("ks 2026", "contains \" \""), ("کلید", "contains"), ("ks2026.", "empty label"),
    ])
    func badSelectors(_ selector: String, _ expected: String) {
        let problem = DKIMSigningIdentity.selectorProblem(selector)
        #expect(problem?.contains(expected) == true, "\(problem ?? "accepted")")
    }

    @Test func goodSelectorsAndDomains() {
        for selector in ["ks2026", "2026-03", "mail.ks", "S1"] {
            #expect(DKIMSigningIdentity.selectorProblem(selector) == nil)
        }
        #expect(DKIMSigningIdentity.domainProblem("shop.example") == nil)
        for domain in ["shop", "shop..example", "shop_example.com", "192.0.2.1", ""] {
            #expect(DKIMSigningIdentity.domainProblem(domain) != nil, "\(domain)")
        }
    }

    @Test("an RSA-4096 record is cut into strings of at most 255 bytes that join to v=DKIM1; k=rsa; p=…")
    func characterStrings() throws {
        let identity = try DKIMSigningIdentity(domain: "Shop.Example", selector: "ks2026", key: .generate(.rsa, rsaBitCount: 4096))
        let record = DKIMKeyRecord(publishing: identity.key)
        #expect(record.characterStrings.count == 3)
        #expect(record.characterStrings.allSatisfy { $0.utf8.count <= 255 })
        #expect(record.characterStrings.joined() == "v=DKIM1; k=rsa; p=\(identity.key.publicKeyBase64)")
        let line = record.zoneFileLine(for: identity)
        #expect(line.hasPrefix("ks2026._domainkey.shop.example. IN TXT \"v=DKIM1; k=rsa; p="))
        // What dig +short prints (the quoted strings) reads back as the same record.
        let dig = String(line.drop { $0 != "\"" })
        #expect(try DKIMKeyRecord(parsing: dig).publishes(identity.key))
    }

    @Test("a published record is compared with the key: another key, another type, a revoked key, garbage")
    func publishedRecords() throws {
        let key = try DKIMPrivateKey.generate(.ed25519)
        #expect(try DKIMKeyRecord(parsing: "v=DKIM1; k=ed25519; p=\(key.publicKeyBase64)").publishes(key))
        #expect(try DKIMKeyRecord(parsing: "k=ed25519;p=\(key.publicKeyBase64)").publishes(key))
        #expect(try !DKIMKeyRecord(parsing: "v=DKIM1; k=ed25519; p=\(DKIMPrivateKey.generate(.ed25519).publicKeyBase64)").publishes(key))
        #expect(try !DKIMKeyRecord(parsing: "v=DKIM1; p=\(key.publicKeyBase64)").publishes(key))
        #expect(try DKIMKeyRecord(parsing: "v=DKIM1; k=ed25519; p=").publicKeyBase64.isEmpty)
        for garbage in ["v=spf1 include:relay.example -all", "v=DKIM2; p=AAAA", "hello", ""] {
            #expect(throws: MailError.self, "\(garbage)") { try DKIMKeyRecord(parsing: garbage) }
        }
    }
}
