import Foundation
import KeepsakeTestSupport
import Testing

/// An RSA and an Ed25519 key made by `keepsake dkim keygen` in a folder of their own, the zone-file
/// lines it printed (for dkimpy's stub DNS), and the KEEPSAKE_DKIM_* variables that configure them.
struct DKIMKeyFixture {
    let directory: URL
    /// The TXT records as keygen printed them, RSA first.
    let zone: [String]
    let domain: String

    init(domain: String = "shop.example", rsaSelector: String = "ks2026", ed25519Selector: String = "ks2026e") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-dkim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.domain = domain
        var zone: [String] = []
        for (selector, type) in [(rsaSelector, "rsa"), (ed25519Selector, "ed25519")] {
            let result = try KeepsakeBinary.run([
                "dkim", "keygen", "--selector", selector, "--domain", domain, "--type", type, "--out", directory.path,
            ])
            guard result.status == 0 else { throw FixtureError("keygen \(type): \(result.standardError)") }
            guard let line = Self.zoneLine(in: result.standardOutput, selector: selector) else {
                throw FixtureError("keygen \(type) printed no TXT record: \(result.standardOutput)")
            }
            zone.append(line)
        }
        self.zone = zone
        self.rsaSelector = rsaSelector
        self.ed25519Selector = ed25519Selector
    }

    let rsaSelector: String
    let ed25519Selector: String

    /// The line of keygen's output that publishes `selector`'s key.
    static func zoneLine(in output: String, selector: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix("\(selector)._domainkey.") && $0.contains(" IN TXT ") }.map(String.init)
    }

    func privateKey(_ selector: String) -> String {
        directory.appendingPathComponent("\(selector).private.pem").path
    }

    /// The variables that sign with the RSA key, and with the Ed25519 key too unless `ed25519` is false,
    /// with a From address in the signing domain (DKIM must align with it).
    func environment(ed25519: Bool = true) -> [String: String] {
        var variables = [
            "KEEPSAKE_SENDER_FROM": "Sahab Shop <hello@\(domain)>",
            "KEEPSAKE_DKIM_DOMAIN": domain, "KEEPSAKE_DKIM_SELECTOR": rsaSelector,
            "KEEPSAKE_DKIM_PRIVATE_KEY_FILE": privateKey(rsaSelector),
        ]
        if ed25519 {
            variables["KEEPSAKE_DKIM_ED25519_SELECTOR"] = ed25519Selector
            variables["KEEPSAKE_DKIM_ED25519_PRIVATE_KEY_FILE"] = privateKey(ed25519Selector)
        }
        return variables
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
