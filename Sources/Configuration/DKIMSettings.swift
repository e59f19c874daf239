import Foundation
import Mail
import StrictYAML

/// DKIM signing (`dkim.*`): the signing domain, an RSA key under a selector, and optionally an
/// Ed25519 key under a second selector. Every message is signed with each key.
public struct DKIMSettings: Sendable {
    /// Signs the composed messages: the RSA identity first, then the Ed25519 one when configured.
    public var signer: DKIMSigner
    /// Things worth fixing that do not stop Keepsake, each naming the setting's file:line:column
    /// (a 1024-bit RSA key).
    public var warnings: [String]

    /// Creates the settings from a signer.
    public init(signer: DKIMSigner, warnings: [String] = []) {
        self.signer = signer
        self.warnings = warnings
    }

    /// The RSA identity (`dkim.domain`, `dkim.selector`, `dkim.private_key_*`).
    public var rsa: DKIMSigningIdentity { signer.identities[0] }
    /// The Ed25519 identity (`dkim.ed25519_selector`, `dkim.ed25519_private_key_*`), if any.
    public var ed25519: DKIMSigningIdentity? { signer.identities.dropFirst().first }
}

extension DKIMSettings {
    /// Reads the `dkim` settings; nil when none is given (messages go out unsigned), or when a key
    /// cannot be read here: no such file, no permission, or a credential without
    /// `CREDENTIALS_DIRECTORY`. Then `unreadableKey` says why, at the key's setting.
    ///
    /// - Throws: ``YAMLError`` at the setting at fault: a domain that is not aligned with the From
    ///   domain of `sender` (it must be that domain or a parent of it), a bad selector or credential
    ///   name, an unusable key (not PEM, not of the right type, an RSA key under 1024 bits).
    static func read(
        _ settings: SettingsReader, sender: SenderIdentity, environment: [String: String], unreadableKey: inout YAMLError?
    ) throws(YAMLError) -> DKIMSettings? {
        let keys = ConfigurationSchema.sections["dkim"] ?? []
        guard keys.contains(where: { settings.explicit("dkim.\($0)") != nil }) else { return nil }
        let domainValue = try settings.required("dkim.domain", example: "shop.example")
        let domain = try domainValue.string().lowercased()
        if let problem = DKIMSigningIdentity.domainProblem(domain) {
            throw domainValue.error(.invalidValue, problem)
        }
        let fromDomain = sender.from.address.domain.lowercased()
        guard fromDomain == domain || fromDomain.hasSuffix("." + domain) else {
            throw domainValue.error(
                .invalidValue,
                "the DKIM domain \(domain) is not aligned with the From domain \(fromDomain) (sender.from): DMARC passes only when d= is the From domain or a parent of it; sign as \(fromDomain)")
        }
        var warnings: [String] = []
        let rsaSelector = try settings.required("dkim.selector", example: "ks2026")
        guard let rsaKey = try readKey(
            settings, prefix: "", type: .rsa, environment: environment, warnings: &warnings, unreadable: &unreadableKey)
        else { return nil }
        var identities = [try identity(domain: domain, selector: rsaSelector, key: rsaKey)]
        let ed25519Selector = settings.explicit("dkim.ed25519_selector")
        let ed25519Given = ["ed25519_private_key_file", "ed25519_private_key_credential"].contains { settings.explicit("dkim.\($0)") != nil }
        if ed25519Selector != nil || ed25519Given {
            let selector = try settings.required("dkim.ed25519_selector", example: "ks2026e")
            guard try selector.string() != rsaSelector.string() else {
                throw selector.error(.invalidValue, "the Ed25519 key needs a selector of its own (one DNS name holds one key), such as \(try rsaSelector.string())e")
            }
            guard let key = try readKey(
                settings, prefix: "ed25519_", type: .ed25519, environment: environment, warnings: &warnings,
                unreadable: &unreadableKey)
            else { return nil }
            identities.append(try identity(domain: domain, selector: selector, key: key))
        }
        return DKIMSettings(signer: DKIMSigner(identities), warnings: warnings)
    }

    /// The one setting that gives the key, and its key path.
    private static func keySource(
        _ settings: SettingsReader, fileKey: String, credentialKey: String, type: DKIMPrivateKey.KeyType
    ) throws(YAMLError) -> (keyPath: String, value: YAMLValue) {
        let fromEnvironment = [fileKey, credentialKey].filter { settings.overrides.values[$0] != nil }
        let given = (fromEnvironment.isEmpty ? [fileKey, credentialKey] : fromEnvironment).compactMap { keyPath in
            settings.explicit(keyPath).map { (keyPath, $0) }
        }
        if given.count > 1 {
            throw given[1].1.error(.invalidValue, "give the \(type.displayName) key once: \(fileKey) or \(credentialKey), not both")
        }
        if let source = given.first {
            return source
        }
        // Neither: reported like any missing setting (settings.required throws, as there is no default).
        let example = type == .rsa ? "/etc/keepsake/ks2026.private.pem" : "/etc/keepsake/ks2026e.private.pem"
        return (fileKey, try settings.required(fileKey, example: "\(example) (or \(credentialKey): a systemd credential name)"))
    }

    private static func identity(domain: String, selector: YAMLValue, key: DKIMPrivateKey) throws(YAMLError) -> DKIMSigningIdentity {
        let text = try selector.string()
        do {
            return try DKIMSigningIdentity(domain: domain, selector: text, key: key)
        } catch {
            throw selector.error(.invalidValue, error.message)
        }
    }

    /// Reads the key given by `dkim.PREFIXprivate_key_file` or `dkim.PREFIXprivate_key_credential`
    /// (exactly one; one set in the environment replaces the file's), which must be of `type`; nil,
    /// with the reason in `unreadable`, when it cannot be read here.
    private static func readKey(
        _ settings: SettingsReader, prefix: String, type: DKIMPrivateKey.KeyType, environment: [String: String],
        warnings: inout [String], unreadable: inout YAMLError?
    ) throws(YAMLError) -> DKIMPrivateKey? {
        let fileKey = "dkim.\(prefix)private_key_file"
        let credentialKey = "dkim.\(prefix)private_key_credential"
        let (keyPath, value) = try keySource(settings, fileKey: fileKey, credentialKey: credentialKey, type: type)
        let path: String
        if keyPath == fileKey {
            path = try value.string()
        } else {
            _ = try SystemdCredential.name(value, example: "dkim-key")
            do {
                path = try SystemdCredential.path(namedBy: value, environment: environment, example: "dkim-key")
            } catch {
                unreadable = error
                return nil
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path)
                ? "cannot read the DKIM key file \(path); make it readable by the user Keepsake runs as (and nobody else)"
                : keyPath == fileKey
                    ? "the DKIM key file \(path) does not exist; make a key with `keepsake dkim keygen`"
                    : SystemdCredential.missing(path)
            unreadable = value.error(.invalidValue, reason)
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw value.error(.invalidValue, "\(path) is not a PEM file (it is not text); give the PEM private key `keepsake dkim keygen` wrote")
        }
        let key: DKIMPrivateKey
        do {
            key = try DKIMPrivateKey(pemRepresentation: text)
        } catch {
            throw value.error(.invalidValue, "\(path) \(error.message)")
        }
        guard key.keyType == type else {
            let other = type == .rsa ? "dkim.ed25519_private_key_file" : "dkim.private_key_file"
            throw value.error(.invalidValue, "\(path) holds an \(key.keyType.displayName) key, but \(keyPath) takes a PEM \(type.displayName) private key; an \(key.keyType.displayName) key goes in \(other)")
        }
        if type == .rsa && key.bitCount < DKIMPrivateKey.recommendedRSABitCount {
            warnings.append(value.error(.invalidValue, "warning: \(path) is a \(key.bitCount)-bit RSA key; Gmail and Yahoo expect 2048 bits: make one with `keepsake dkim keygen`, publish it under a new selector, then switch").description)
        }
        return key
    }
}
