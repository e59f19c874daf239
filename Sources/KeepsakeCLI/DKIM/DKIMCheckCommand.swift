import ArgumentParser
import Configuration
import Mail

/// `keepsake dkim check`: is DKIM configured, and does DNS publish the configured keys?
struct DKIMCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say whether DKIM signing is configured, and whether a published record holds its key.",
        discussion: """
            Reads the operator configuration (dkim.*), loads the keys, and prints the signing \
            domain, selectors and key sizes with the TXT records they need. Keepsake does not \
            query DNS itself: pass the published record's text, as `dig +short TXT` prints it \
            (quoted strings are joined) or as your DNS provider shows it, and it says whether it \
            holds the configured key.

            Exit status: 0 configured (and every record given matches), 1 DKIM is not \
            configured, 65 a record given does not match or cannot be read, 78 the \
            configuration is wrong (the message says where).

            Examples:
              keepsake dkim check
              keepsake dkim check \\
                  --record "$(dig +short TXT ks2026._domainkey.shop.example)"
              keepsake dkim check \\
                  --record "$(dig +short TXT ks2026._domainkey.shop.example)" \\
                  --ed25519-record "$(dig +short TXT ks2026e._domainkey.shop.example)"
            """
    )

    @OptionGroup var configurationOptions: ConfigurationOptions

    @Option(help: ArgumentHelp("The published TXT record of the RSA selector.", valueName: "text"))
    var record: String?

    @Option(name: .customLong("ed25519-record"), help: ArgumentHelp("The published TXT record of the Ed25519 selector.", valueName: "text"))
    var ed25519Record: String?

    func run() throws {
        let settings = try configurationOptions.load()
        if let unreadable = settings.unreadableDKIMKey {
            printError("keepsake: \(unreadable)")
            throw KeepsakeExitCode.configurationError
        }
        guard let dkim = settings.dkim else {
            print("DKIM is not configured (\(settings.source)): messages go out unsigned, and Gmail and Yahoo refuse bulk mail without DKIM.")
            print("Make a key with `keepsake dkim keygen --selector ks2026 --domain \(settings.sender.from.address.domain)` and add the dkim settings it prints.")
            throw ExitCode(1)
        }
        for warning in dkim.warnings { print(warning) }
        var mismatches = 0
        for (identity, published, option) in [(dkim.rsa, record, "--record"), (dkim.ed25519, ed25519Record, "--ed25519-record")] {
            guard let identity else {
                if published != nil {
                    printError("keepsake dkim check: \(option) given, but no Ed25519 key is configured (dkim.ed25519_selector)")
                    mismatches += 1
                }
                continue
            }
            let key = identity.key
            let expected = DKIMKeyRecord(publishing: key)
            let size = key.keyType == .rsa ? "\(key.bitCount)-bit RSA" : "Ed25519"
            print("\(key.keyType.signatureAlgorithm): d=\(identity.domain) s=\(identity.selector) (\(size) key)")
            print("  publish: \(expected.zoneFileLine(for: identity))")
            guard let published else {
                print("  check it: keepsake dkim check \(option) \"$(dig +short TXT \(identity.recordName))\"")
                continue
            }
            do {
                let found = try DKIMKeyRecord(parsing: published)
                if found.publishes(key) {
                    print("  published record: matches the key")
                } else if found.publicKeyBase64.isEmpty {
                    printError("  published record: p= is empty, so the key is revoked; publish the record above")
                    mismatches += 1
                } else {
                    let what = found.keyType != expected.keyType
                        ? "is a k=\(found.keyType) key, not k=\(expected.keyType)" : "holds another public key (an old one, or another selector's?)"
                    printError("  published record: \(what); every signature would fail: publish the record above")
                    mismatches += 1
                }
            } catch {
                printError("  published record: \(error)")
                mismatches += 1
            }
        }
        if mismatches > 0 { throw ExitCode(65) }
    }
}
