@testable import Configuration
import Foundation
import KeepsakeTestSupport
import Mail
import Testing

/// `dkim.*`: keys from files or credentials, alignment with the From domain, and every mistake
/// named at the setting's file:line:column.
@Suite("DKIM settings")
struct DKIMConfigurationTests {
    /// A file with a `dkim` section of the given lines after `smtp` and `sender`.
    static func file(_ dkimLines: String, from: String = "Sahab Shop <hello@news.shop.example>") -> String {
        """
        smtp:
          url: smtp://relay.example.net:587
        sender:
          from: "\(from)"
        dkim:
        \(dkimLines)

        """
    }

    /// Writes an openssl-made key into the fixture; returns its path.
    static func key(_ fixture: borrowing ConfigurationFixture, _ arguments: [String], name: String) throws -> String {
        try fixture.write(try OpenSSL.text(arguments), to: name)
    }

    static let rsa2048 = ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
    static let ed25519 = ["genpkey", "-algorithm", "ed25519"]

    @Test("no dkim section: messages go unsigned")
    func absent() throws {
        #expect(try ConfigurationFixture().load(minimalFile).dkim == nil)
    }

    @Test("an RSA key from a file and an Ed25519 key from a systemd credential, signing for a parent of the From domain")
    func bothKeys() throws {
        let fixture = try ConfigurationFixture()
        let rsa = try Self.key(fixture, Self.rsa2048, name: "ks2026.private.pem")
        _ = try Self.key(fixture, Self.ed25519, name: "dkim-ed25519")
        let configuration = try fixture.load(Self.file("""
              domain: shop.example
              selector: ks2026
              private_key_file: \(rsa)
              ed25519_selector: ks2026e
              ed25519_private_key_credential: dkim-ed25519
            """), environment: ["CREDENTIALS_DIRECTORY": fixture.directory.path])
        let dkim = try #require(configuration.dkim)
        #expect(dkim.rsa.domain == "shop.example" && dkim.rsa.selector == "ks2026")
        #expect(dkim.rsa.key.keyType == .rsa && dkim.rsa.key.bitCount == 2048)
        #expect(dkim.ed25519?.selector == "ks2026e" && dkim.ed25519?.key.keyType == .ed25519)
        #expect(dkim.warnings.isEmpty)
    }

    @Test("KEEPSAKE_DKIM_* variables configure DKIM without a file section, and replace the file's key source")
    func environment() throws {
        let fixture = try ConfigurationFixture()
        let rsa = try Self.key(fixture, Self.rsa2048, name: "rsa.pem")
        let configuration = try fixture.load(minimalFile, environment: [
            "KEEPSAKE_DKIM_DOMAIN": "shop.example", "KEEPSAKE_DKIM_SELECTOR": "ks1", "KEEPSAKE_DKIM_PRIVATE_KEY_FILE": rsa,
        ])
        #expect(configuration.dkim?.rsa.selector == "ks1")
        let replaced = try fixture.load(Self.file("""
              domain: shop.example
              selector: ks2026
              private_key_credential: missing-credential
            """), environment: ["KEEPSAKE_DKIM_PRIVATE_KEY_FILE": rsa])
        #expect(replaced.dkim?.rsa.key.publicKeyBase64 == configuration.dkim?.rsa.key.publicKeyBase64)
    }

    @Test("a 1024-bit RSA key works, with a warning naming the setting")
    func shortKeyWarns() throws {
        let fixture = try ConfigurationFixture()
        let rsa = try Self.key(fixture, ["genrsa", "1024"], name: "old.pem")
        let dkim = try #require(try fixture.load(Self.file("  domain: news.shop.example\n  selector: old\n  private_key_file: \(rsa)")).dkim)
        #expect(dkim.warnings.count == 1)
        #expect(dkim.warnings.first?.contains("keepsake.yaml:8:21: dkim.private_key_file: warning: \(rsa) is a 1024-bit RSA key") == true,
                "\(dkim.warnings)")
    }

    @Test("mistakes are named at the setting's file:line:column")
    func mistakes() throws {
        let fixture = try ConfigurationFixture()
        let rsa = try Self.key(fixture, Self.rsa2048, name: "rsa.pem")
        let ed = try Self.key(fixture, Self.ed25519, name: "ed.pem")
        let short = try Self.key(fixture, ["genrsa", "512"], name: "short.pem")
        let ec = try Self.key(fixture, ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], name: "ec.pem")
        let notPEM = try fixture.write("this is not a key\n", to: "notes.txt")
        let publicKey = try fixture.write(try OpenSSL.text(["pkey", "-pubout", "-in", rsa]), to: "rsa.public.pem")
        let missing = fixture.directory.appendingPathComponent("absent.pem").path
        let cases: [(String, [String: String], String)] = [
            ("  domain: shop.example\n  selector: ks\n  private_key_file: \(missing)", [:],
             "keepsake.yaml:8:21: dkim.private_key_file: the DKIM key file \(missing) does not exist; make a key with `keepsake dkim keygen`"),
            ("  domain: shop.example\n  selector: ks\n  private_key_file: \(notPEM)", [:],
             "keepsake.yaml:8:21: dkim.private_key_file: \(notPEM) is not a PEM file"),
            ("  domain: shop.example\n  selector: ks\n  private_key_file: \(ed)", [:],
             "keepsake.yaml:8:21: dkim.private_key_file: \(ed) holds an Ed25519 key, but dkim.private_key_file takes a PEM RSA private key"),
            ("  domain: shop.example\n  selector: ks\n  private_key_file: \(ec)", [:],
             "keepsake.yaml:8:21: dkim.private_key_file: \(ec) holds an elliptic-curve (ECDSA) private key"),
            ("  domain: shop.example\n  selector: ks\n  private_key_file: \(short)", [:],
             "keepsake.yaml:8:21: dkim.private_key_file: \(short) holds an RSA key shorter than 1024 bits"),
            ("  domain: shop.example\n  selector: ks\n  private_key_file: \(publicKey)", [:],
             "keepsake.yaml:8:21: dkim.private_key_file: \(publicKey) holds a public key"),
            ("  domain: shop.example\n  selector: ks_2026\n  private_key_file: \(rsa)", [:],
             "keepsake.yaml:7:13: dkim.selector: the DKIM selector \"ks_2026\" contains \"_\""),
            ("  domain: other.example\n  selector: ks\n  private_key_file: \(rsa)", [:],
             "keepsake.yaml:6:11: dkim.domain: the DKIM domain other.example is not aligned with the From domain news.shop.example"),
            ("  domain: mail.news.shop.example\n  selector: ks\n  private_key_file: \(rsa)", [:],
             "keepsake.yaml:6:11: dkim.domain: the DKIM domain mail.news.shop.example is not aligned"),
            ("  domain: hop.example\n  selector: ks\n  private_key_file: \(rsa)", [:], "is not aligned"),
            ("  domain: example\n  selector: ks\n  private_key_file: \(rsa)", [:], "keepsake.yaml:6:11: dkim.domain: invalid DKIM domain"),
            ("  domain: shop.example\n  private_key_file: \(rsa)", [:], "dkim.selector: missing"),
            ("  selector: ks\n  private_key_file: \(rsa)", [:], "dkim.domain: missing"),
            ("  domain: shop.example\n  selector: ks", [:], "dkim.private_key_file: missing"),
            ("  domain: shop.example\n  selector: ks\n  private_key_file: \(rsa)\n  private_key_credential: dkim", [:],
             "keepsake.yaml:9:27: dkim.private_key_credential: give the RSA key once"),
            ("  domain: shop.example\n  selector: ks\n  private_key_credential: dkim", [:],
             "keepsake.yaml:8:27: dkim.private_key_credential: the systemd credential dkim cannot be read: CREDENTIALS_DIRECTORY is not set"),
            ("  domain: shop.example\n  selector: ks\n  private_key_credential: dkim", ["CREDENTIALS_DIRECTORY": "/nonexistent"],
             "there is no systemd credential dkim in /nonexistent"),
            ("  domain: shop.example\n  selector: ks\n  private_key_file: \(rsa)\n  ed25519_selector: ks", [:],
             "keepsake.yaml:9:21: dkim.ed25519_selector: the Ed25519 key needs a selector of its own"),
            ("  domain: shop.example\n  selector: ks\n  private_key_file: \(rsa)\n  ed25519_selector: kse\n  ed25519_private_key_file: \(rsa)", [:],
             "keepsake.yaml:10:29: dkim.ed25519_private_key_file: \(rsa) holds an RSA key, but dkim.ed25519_private_key_file takes a PEM Ed25519 private key"),
            ("  domain: shop.example\n  selector: ks\n  private_key_file: \(rsa)\n  ed25519_private_key_file: \(ed)", [:],
             "dkim.ed25519_selector: missing"),
            ("  domain: shop.example\n  selector: ks\n  private_key_file: \(rsa)\n  ed25519_selector: kse", [:],
             "dkim.ed25519_private_key_file: missing"),
            ("  domain: shop.example\n  selector: ks\n  private_key: \(rsa)", [:],
             "keepsake.yaml:8:3: dkim.private_key: unknown key"),
            ("  domain: shop.example\n  selector: ks\n  private_key_file: \(rsa)", ["KEEPSAKE_DKIM_SELECTOR": "bad selector"],
             "environment KEEPSAKE_DKIM_SELECTOR: the DKIM selector \"bad selector\" contains \" \""),
        ]
        for (lines, environment, expected) in cases {
            let error = try #require(try fixture.error(Self.file(lines), environment: environment), "accepted: \(lines)")
            #expect(error.description.contains(expected), "\(lines)\n→ \(error)")
        }
    }

    @Test("a misspelt KEEPSAKE_DKIM_ variable is refused with a suggestion")
    func misspeltVariable() throws {
        let fixture = try ConfigurationFixture()
        let refusal = fixture.error(environment: ["KEEPSAKE_DKIM_SELECTR": "ks"])
        let error = try #require(refusal)
        #expect(error.description.contains("did you mean KEEPSAKE_DKIM_SELECTOR?"), "\(error)")
    }
}
