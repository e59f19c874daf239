import Configuration

/// The DKIM lines of `keepsake validate`.
enum DKIMStatusText {
    /// Prints whether and how messages are signed, and the DKIM warnings; returns how many warnings.
    static func print(_ settings: KeepsakeConfiguration) -> Int {
        if let unreadable = settings.unreadableDKIMKey {
            Swift.print("\(settings.source): warning: DKIM is configured, but its key cannot be read here, so this check goes "
                + "on without it (`keepsake run` and `send-test` need it; run them as the service's user): \(unreadable)")
            return 1
        }
        guard let dkim = settings.dkim else {
            // The embedded development defaults sign nothing, on purpose: say nothing there.
            guard !settings.source.hasPrefix("embedded") else { return 0 }
            Swift.print("\(settings.source): warning: DKIM is not configured, so messages go out unsigned and Gmail and "
                + "Yahoo refuse them as bulk mail; make a key with `keepsake dkim keygen` (README: \"DNS: DKIM, SPF and DMARC\")")
            return 1
        }
        let signatures = dkim.signer.identities.map { identity in
            let key = identity.key
            return "\(key.keyType.signatureAlgorithm) s=\(identity.selector) (\(key.keyType == .rsa ? "\(key.bitCount) bits" : "Ed25519"))"
        }
        Swift.print("dkim: every message is signed as d=\(dkim.rsa.domain): \(signatures.joined(separator: ", ")); "
            + "`keepsake dkim check --record …` compares the keys with DNS")
        dkim.warnings.forEach { Swift.print($0) }
        return dkim.warnings.count
    }
}
