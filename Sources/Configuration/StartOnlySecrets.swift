import Foundation
import StrictYAML

/// The secrets a reload (SIGHUP) cannot re-read: a systemd credential, which systemd copies into
/// `$CREDENTIALS_DIRECTORY` at start only, and an environment variable, which a running process
/// keeps as it started. A file (`smtp.password_file`, `dkim.private_key_file`) is re-read.
enum StartOnlySecrets {
    /// One phrase per such secret, such as `the SMTP password (systemd credential smtp-password)`.
    static func find(_ settings: SettingsReader) throws(YAMLError) -> [String] {
        var found: [String] = []
        switch try PasswordSource.find(in: settings) {
        case .credential(let value)?:
            found.append("the SMTP password (systemd credential \(try value.string()))")
        case .environmentVariable(let value)?:
            found.append("the SMTP password (environment variable \(try value.string()))")
        case .literal?:
            found.append("the SMTP password (\(ConfigurationSchema.passwordVariable))")
        case .file?, nil:
            break
        }
        for (key, name) in [("dkim.private_key_credential", "RSA"), ("dkim.ed25519_private_key_credential", "Ed25519")] {
            if let value = settings.explicit(key) {
                found.append("the DKIM \(name) key (systemd credential \(try value.string()))")
            }
        }
        return found
    }
}
