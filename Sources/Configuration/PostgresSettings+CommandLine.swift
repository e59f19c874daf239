import Foundation
import StrictYAML

extension PostgresSettings {
    /// A PostgreSQL store named on the command line (`keepsake store copy --to URL`), read with
    /// exactly the rules of `database.url` and its companions in the configuration file: the
    /// password only from a file or a systemd credential, TLS verified unless the server is on
    /// loopback or a unix socket.
    ///
    /// Errors name the options as settings of a document called `command line`, such as
    /// `command line:2:8: … database.url …`.
    ///
    /// - Parameters:
    ///   - url: `postgresql://USER@HOST:PORT/DATABASE`.
    ///   - passwordFile: A file holding the password (`database.password_file`).
    ///   - passwordCredential: A systemd credential holding it (`database.password_credential`).
    ///   - tls: `required` or `off` (`database.tls`); nil for the default.
    ///   - caFile: The certificate authority's PEM file (`database.ca_file`).
    public static func commandLine(
        url: String, passwordFile: String?, passwordCredential: String?, tls: String?, caFile: String?,
        environment: [String: String]
    ) throws(ConfigurationError) -> PostgresSettings {
        var lines = ["database:", "  url: \(quoted(url))"]
        let optional: [(key: String, value: String?)] = [
            ("password_file", passwordFile), ("password_credential", passwordCredential), ("tls", tls), ("ca_file", caFile),
        ]
        for (key, value) in optional {
            if let value { lines.append("  \(key): \(quoted(value))") }
        }
        do {
            let document = try YAMLDocument(contents: lines.joined(separator: "\n") + "\n", file: "command line")
            let settings = try SettingsReader(
                document: document, overrides: try EnvironmentOverrides([:]), defaults: [:], defaultsOrigin: "default")
            guard let settings = try read(settings, environment: environment) else {
                throw ConfigurationError(.invalidSetting, "command line: give the target store as postgresql://USER@HOST:5432/DATABASE")
            }
            return settings
        } catch let error as YAMLError {
            throw ConfigurationError(error)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(.invalidSetting, "command line: \(error)")
        }
    }

    /// `text` as a YAML double-quoted scalar (JSON's escapes are YAML's).
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += String(format: "\\u%04X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
