import Foundation
import StrictYAML

/// Where the SMTP password comes from. The password itself never sits in the configuration file.
enum PasswordSource {
    /// A file holding the password (`smtp.password_file`); a trailing line break is dropped.
    case file(YAMLValue)
    /// The name of an environment variable holding it (`smtp.password_env`).
    case environmentVariable(YAMLValue)
    /// A systemd credential name, read from `$CREDENTIALS_DIRECTORY/NAME` (`smtp.password_credential`).
    case credential(YAMLValue)
    /// The password itself, from `KEEPSAKE_SMTP_PASSWORD`.
    case literal(YAMLValue)

    static let keys = ["password_file", "password_env", "password_credential"]

    var value: YAMLValue {
        switch self {
        case let .file(value), let .environmentVariable(value), let .credential(value), let .literal(value): return value
        }
    }

    /// The single password source given, if any. Sources set in the environment replace those in the file.
    ///
    /// - Throws: ``YAMLError/Code/invalidValue`` at the second source when more than one is given.
    static func find(in settings: SettingsReader) throws(YAMLError) -> PasswordSource? {
        var fromEnvironment: [PasswordSource] = settings.overrides.password.map { [.literal($0)] } ?? []
        var fromFile: [PasswordSource] = []
        for key in keys {
            let keyPath = "smtp.\(key)"
            guard let value = settings.explicit(keyPath) else { continue }
            let source: PasswordSource = switch key {
            case "password_file": .file(value)
            case "password_env": .environmentVariable(value)
            default: .credential(value)
            }
            if settings.overrides.values[keyPath] != nil {
                fromEnvironment.append(source)
            } else {
                fromFile.append(source)
            }
        }
        let sources = fromEnvironment.isEmpty ? fromFile : fromEnvironment
        if sources.count > 1 {
            throw sources[1].value.error(
                .invalidValue,
                "give only one password source: password_file, password_env, password_credential or \(ConfigurationSchema.passwordVariable)"
            )
        }
        return sources.first
    }

    /// Reads the password now, so that a missing file or variable is reported at start-up.
    func read(environment: [String: String]) throws(YAMLError) -> String {
        switch self {
        case let .literal(value):
            return try value.string()
        case let .file(value):
            let path = try value.string()
            return try Self.contents(of: path, at: value, missing: "cannot read the password file \(path); create it with the password on one line, readable only by the user Keepsake runs as")
        case let .environmentVariable(value):
            let name = try value.string()
            guard let password = environment[name], !password.isEmpty else {
                throw value.error(.invalidValue, "the environment variable \(name) that should hold the SMTP password is not set, or is empty")
            }
            return password
        case let .credential(value):
            let path = try SystemdCredential.path(namedBy: value, environment: environment, example: "smtp-password")
            return try Self.contents(of: path, at: value, missing: SystemdCredential.missing(path))
        }
    }

    /// The secret in the file at `path`, without its trailing line breaks; `missing` explains a file
    /// that cannot be read, `secret` names what an empty one should hold.
    static func contents(of path: String, at value: YAMLValue, secret: String = "the SMTP password", missing: String) throws(YAMLError) -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw value.error(.invalidValue, missing)
        }
        var password = Substring(text)
        while let last = password.last, last.isNewline {
            password = password.dropLast()
        }
        guard !password.isEmpty else {
            throw value.error(.invalidValue, "\(path) is empty; write \(secret) in it")
        }
        return String(password)
    }
}
