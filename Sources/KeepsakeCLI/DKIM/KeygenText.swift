import Mail

/// What `keepsake dkim keygen` prints after writing the key: the record to publish, how to check
/// it, and the settings to add.
enum KeygenText {
    static func instructions(identity: DKIMSigningIdentity, privateFile: String, publicFile: String) -> String {
        let key = identity.key
        let record = DKIMKeyRecord(publishing: key)
        let size = key.keyType == .rsa ? "\(key.bitCount)-bit RSA" : "Ed25519"
        let relativeName = "\(identity.selector)._domainkey"
        var lines = [
            "Wrote a \(size) key for \(identity.recordName):",
            "  private key  \(privateFile)  (mode 0600: Keepsake signs with it; keep it secret and backed up)",
            "  public key   \(publicFile)",
            "",
            "1. Publish this TXT record in the DNS of \(identity.domain) (zone-file form; DNS joins the quoted",
            "   strings, each at most 255 characters):",
            "",
            record.zoneFileLine(for: identity),
            "",
            "   In a DNS provider's web form: type TXT, name \(relativeName) (or \(identity.recordName)), value:",
            "",
            record.text,
            "",
            "2. Once published (allow for the zone's TTL), check it:",
            "",
            "   dig +short TXT \(identity.recordName)",
            "   keepsake dkim check \(key.keyType == .rsa ? "--record" : "--ed25519-record") \"$(dig +short TXT \(identity.recordName))\"",
            "",
        ]
        if key.keyType == .rsa {
            lines += [
                "3. Add to keepsake.yaml (or set KEEPSAKE_DKIM_DOMAIN, KEEPSAKE_DKIM_SELECTOR, KEEPSAKE_DKIM_PRIVATE_KEY_FILE):",
                "",
                "dkim:",
                "  domain: \(identity.domain)",
                "  selector: \(identity.selector)",
                "  private_key_file: \(privateFile)",
            ]
        } else {
            lines += [
                "3. Add beside the RSA key's settings in keepsake.yaml (an Ed25519 signature is added to the RSA one,",
                "   never instead of it; or set KEEPSAKE_DKIM_ED25519_SELECTOR and KEEPSAKE_DKIM_ED25519_PRIVATE_KEY_FILE):",
                "",
                "dkim:",
                "  ed25519_selector: \(identity.selector)",
                "  ed25519_private_key_file: \(privateFile)",
            ]
        }
        lines += [
            "",
            "   The service runs as a user of its own: hand it the key as a systemd credential instead of a path",
            "   (LoadCredential=dkim-key:\(privateFile), then \(key.keyType == .rsa ? "" : "ed25519_")private_key_credential: dkim-key);",
            "   README.md, \"DNS: DKIM, SPF and DMARC\", shows how, and how to rotate keys.",
        ]
        return lines.joined(separator: "\n")
    }
}
