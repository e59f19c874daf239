import Foundation
import KeepsakeTestSupport
import Testing

/// `keepsake dkim keygen` and `keepsake dkim check`, run as an operator would.
@Suite("keepsake dkim")
struct DKIMCommandTests {
    static func scratch() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-dkim-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("keygen writes a 0600 private key and the public key, and prints the TXT record and the settings")
    func keygenRSA() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try KeepsakeBinary.run(["dkim", "keygen", "--selector", "ks2026", "--domain", "Shop.Example", "--out", directory.path])
        #expect(result.status == 0, "\(result.standardError)")
        let privateKey = directory.appendingPathComponent("ks2026.private.pem")
        let attributes = try FileManager.default.attributesOfItem(atPath: privateKey.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let pem = try String(contentsOf: privateKey, encoding: .utf8)
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        // The public key openssl derives from the private file is the one in p= and in the public file.
        let publicDER = try OpenSSL.run(["pkey", "-pubout", "-outform", "DER", "-in", privateKey.path])
        let line = try #require(DKIMKeyFixture.zoneLine(in: result.standardOutput, selector: "ks2026"), "\(result.standardOutput)")
        #expect(line.hasPrefix("ks2026._domainkey.shop.example. IN TXT \"v=DKIM1; k=rsa; p="))
        let strings: [Substring] = line.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map { $0.element }
        #expect(strings.count == 2 && strings.allSatisfy { $0.utf8.count <= 255 }, "\(strings.map { $0.count })")
        #expect(strings.joined() == "v=DKIM1; k=rsa; p=\(publicDER.base64EncodedString())")
        let publicPEM = try String(contentsOf: directory.appendingPathComponent("ks2026.public.pem"), encoding: .utf8)
        #expect(publicPEM == String(decoding: try OpenSSL.run(["pkey", "-pubout", "-in", privateKey.path]), as: UTF8.self))
        #expect(result.standardOutput.contains("Wrote a 2048-bit RSA key for ks2026._domainkey.shop.example"))
        #expect(result.standardOutput.contains("keepsake dkim check --record \"$(dig +short TXT ks2026._domainkey.shop.example)\""))
        #expect(result.standardOutput.contains("dkim:\n  domain: shop.example\n  selector: ks2026\n  private_key_file: \(privateKey.path)"))
    }

    @Test("keygen --type ed25519 publishes the raw public key with k=ed25519; --bits 4096 makes a 4096-bit RSA key")
    func keygenOtherTypes() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ed = try KeepsakeBinary.run(["dkim", "keygen", "--selector", "e1", "--domain", "shop.example", "--type", "ed25519", "--out", directory.path])
        #expect(ed.status == 0, "\(ed.standardError)")
        let publicDER = try OpenSSL.run(["pkey", "-pubout", "-outform", "DER", "-in", directory.appendingPathComponent("e1.private.pem").path])
        #expect(ed.standardOutput.contains("e1._domainkey.shop.example. IN TXT \"v=DKIM1; k=ed25519; p=\(publicDER.suffix(32).base64EncodedString())\""))
        #expect(ed.standardOutput.contains("ed25519_selector: e1\n  ed25519_private_key_file:"))
        #expect(ed.standardOutput.contains("keepsake dkim check --ed25519-record \"$(dig +short TXT e1._domainkey.shop.example)\""))
        let big = try KeepsakeBinary.run(["dkim", "keygen", "--selector", "r4", "--domain", "shop.example", "--bits", "4096", "--out", directory.path])
        #expect(big.status == 0, "\(big.standardError)")
        let text = try OpenSSL.text(["pkey", "-text", "-noout", "-in", directory.appendingPathComponent("r4.private.pem").path])
        #expect(text.contains("4096 bit"), "\(text.prefix(80))")
    }

    @Test("keygen never overwrites a key: the second run fails and the file is unchanged")
    func keygenKeepsExistingFiles() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments = ["dkim", "keygen", "--selector", "ks", "--domain", "shop.example", "--type", "ed25519", "--out", directory.path]
        #expect(try KeepsakeBinary.run(arguments).status == 0)
        let before = try Data(contentsOf: directory.appendingPathComponent("ks.private.pem"))
        let again = try KeepsakeBinary.run(arguments)
        #expect(again.status == 73)
        #expect(again.standardError.contains("ks.private.pem exists already; Keepsake never overwrites a key"), "\(again.standardError)")
        #expect(try Data(contentsOf: directory.appendingPathComponent("ks.private.pem")) == before)
        // Only the public file left over from an earlier key is refused just the same, before anything is written.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("ks.private.pem"))
        #expect(try KeepsakeBinary.run(arguments).status == 73)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("ks.private.pem").path))
    }

    @Test("keygen refuses garbage flags with a clear error and writes nothing", arguments: [
        (["--selector", "ks_2026", "--domain", "shop.example"], "--selector: the DKIM selector \"ks_2026\" contains \"_\""),
        (["--selector", "ks 1", "--domain", "shop.example"], "--selector: the DKIM selector \"ks 1\" contains \" \""),
        (["--selector=-ks", "--domain", "shop.example"], "starts or ends with a hyphen"),
        (["--selector", "ks", "--domain", "shop"], "--domain: invalid DKIM domain: the domain \"shop\" has no dot"),
        (["--selector", "ks", "--domain", "shop..example"], "--domain: invalid DKIM domain"),
        (["--selector", "ks", "--domain", "hello@shop.example"], "--domain: invalid DKIM domain"),
        (["--selector", "ks", "--domain", "shop.example", "--bits", "1024"], "--bits 1024: give 2048 (recommended), 3072 or 4096"),
        (["--selector", "ks", "--domain", "shop.example", "--bits", "4097"], "--bits 4097: give 2048"),
        (["--selector", "ks", "--domain", "shop.example", "--bits", "lots"], "--bits"),
        (["--selector", "ks", "--domain", "shop.example", "--type", "dsa"], "--type"),
        (["--selector", "ks", "--domain", "shop.example", "--type", "ed25519", "--bits", "2048"], "an Ed25519 key has a fixed size"),
        (["--selector", "ks", "--domain", "shop.example", "--out", "/nonexistent/keys"], "--out /nonexistent/keys: no such folder"),
        (["--domain", "shop.example"], "--selector"),
    ])
    func keygenGarbage(_ arguments: [String], _ expected: String) throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = arguments.contains("--out") ? [] : ["--out", directory.path]
        let result = try KeepsakeBinary.run(["dkim", "keygen"] + arguments + out)
        #expect(result.status == 64, "\(result.standardOutput)")
        #expect(result.standardError.contains(expected), "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test("check: not configured, configured with matching records, a mismatch, a garbage record, a broken configuration")
    func check() throws {
        let keys = try DKIMKeyFixture()
        defer { keys.remove() }
        let unconfigured = try KeepsakeBinary.run(["dkim", "check"])
        #expect(unconfigured.status == 1)
        #expect(unconfigured.standardOutput.contains("DKIM is not configured"))

        let rsaRecord = String(keys.zone[0].drop { $0 != "\"" })  // as dig +short prints it
        let edRecord = String(keys.zone[1].drop { $0 != "\"" })
        let matching = try KeepsakeBinary.run(["dkim", "check", "--record", rsaRecord, "--ed25519-record", edRecord], environment: keys.environment())
        #expect(matching.status == 0, "\(matching.standardError)")
        #expect(matching.standardOutput.contains("rsa-sha256: d=shop.example s=ks2026 (2048-bit RSA key)"))
        #expect(matching.standardOutput.components(separatedBy: "published record: matches the key").count == 3)

        let swapped = try KeepsakeBinary.run(["dkim", "check", "--record", edRecord], environment: keys.environment())
        #expect(swapped.status == 65)
        #expect(swapped.standardError.contains("is a k=ed25519 key, not k=rsa"), "\(swapped.standardError)")
        let otherKeys = try DKIMKeyFixture()
        defer { otherKeys.remove() }
        let other = try KeepsakeBinary.run(["dkim", "check", "--record", String(otherKeys.zone[0].drop { $0 != "\"" })], environment: keys.environment())
        #expect(other.status == 65)
        #expect(other.standardError.contains("holds another public key"))
        let garbage = try KeepsakeBinary.run(["dkim", "check", "--record", "v=spf1 -all"], environment: keys.environment())
        #expect(garbage.status == 65)
        #expect(garbage.standardError.contains("no p= tag"))
        var broken = keys.environment()
        broken["KEEPSAKE_DKIM_PRIVATE_KEY_FILE"] = keys.privateKey(keys.ed25519Selector)
        let wrongType = try KeepsakeBinary.run(["dkim", "check"], environment: broken)
        #expect(wrongType.status == 78)
        #expect(wrongType.standardError.contains("environment KEEPSAKE_DKIM_PRIVATE_KEY_FILE: \(keys.privateKey(keys.ed25519Selector)) holds an Ed25519 key"),
                "\(wrongType.standardError)")
    }

    @Test("send-test signs: the captured message verifies with dkimpy, rsa-sha256 and ed25519-sha256")
    func sendTestSigns() throws {
        let keys = try DKIMKeyFixture(domain: "keepsake.test")
        defer { keys.remove() }
        let server = try CaptureServer.start()
        defer { server.stop() }
        var environment = keys.environment()
        environment["KEEPSAKE_SMTP_URL"] = server.url
        let result = try KeepsakeBinary.run(["send-test", "--to", "sara@example.com"], environment: environment)
        #expect(result.status == 0, "\(result.standardError)")
        let message = try #require(try server.messages().first)
        let verification = try DKIMVerifier.verify(message.raw, zone: keys.zone)
        #expect(verification.rsa == true && verification.ed25519 == true, "\(verification.errors)")
        let check = try MessageChecker.check(message.raw, expecting: .init(subject: "Keepsake test – پیام آزمایشی کیپسیک 🎁"))
        #expect(check.defects.isEmpty && check.lineProblems.isEmpty && check.mismatches.isEmpty)
    }

    @Test("validate says how messages are signed, and warns about a calendar From that DKIM does not cover")
    func validateReportsDKIM() throws {
        let keys = try DKIMKeyFixture()
        defer { keys.remove() }
        let repository = DaemonFixture.repository
        let files = ["--campaigns", repository.appendingPathComponent("campaigns").path,
                     "--templates", repository.appendingPathComponent("templates").path]
        let signed = try KeepsakeBinary.run(["validate"] + files, environment: keys.environment())
        #expect(signed.status == 0, "\(signed.standardOutput)\(signed.standardError)")
        #expect(signed.standardOutput.contains("dkim: every message is signed as d=shop.example: rsa-sha256 s=ks2026 (2048 bits), ed25519-sha256 s=ks2026e (Ed25519)"),
                "\(signed.standardOutput)")
        // The sample calendar sends from shop.example: signing as keepsake.test leaves it unaligned.
        let other = try DKIMKeyFixture(domain: "keepsake.test")
        defer { other.remove() }
        let unaligned = try KeepsakeBinary.run(["validate"] + files, environment: other.environment())
        #expect(unaligned.status == 0)
        #expect(unaligned.standardOutput.contains("calendar.yaml:") && unaligned.standardOutput.contains(
            "warning: from: the domain shop.example is not aligned with the DKIM domain keepsake.test"), "\(unaligned.standardOutput)")
    }
}
