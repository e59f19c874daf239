import ArgumentParser

/// `keepsake dkim`: make DKIM keys and check the configured ones against DNS.
struct DKIMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim",
        abstract: "Make a DKIM key pair, and check the configured keys against their DNS records.",
        discussion: """
            DKIM lets a receiving server check that a message really comes from your domain and \
            was not changed on the way: Keepsake signs every message with a private key, and you \
            publish the public key in DNS as a TXT record at SELECTOR._domainkey.DOMAIN. Gmail \
            and Yahoo refuse bulk mail without it.

            Getting started:
              keepsake dkim keygen --selector ks2026 --domain shop.example
                  makes the key, prints the TXT record to publish and the settings to add
              dig +short TXT ks2026._domainkey.shop.example
                  shows what DNS publishes (once the record is out)
              keepsake dkim check \\
                  --record "$(dig +short TXT ks2026._domainkey.shop.example)"
                  says whether the published record holds the configured key

            README.md, "DNS: DKIM, SPF and DMARC", explains the whole setup and key rotation.
            """,
        subcommands: [DKIMKeygenCommand.self, DKIMCheckCommand.self]
    )
}
