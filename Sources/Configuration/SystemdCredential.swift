import Foundation
import StrictYAML

/// A systemd credential named in the configuration (`LoadCredential=NAME:/path` in the unit),
/// which the service finds at `$CREDENTIALS_DIRECTORY/NAME`.
enum SystemdCredential {
    /// The path of the credential `value` names.
    ///
    /// - Parameter example: A credential name to show in errors, such as `smtp-password`.
    /// - Throws: ``YAMLError/Code/invalidValue`` at `value` when it is not a plain name or
    ///   `CREDENTIALS_DIRECTORY` is not set.
    static func path(namedBy value: YAMLValue, environment: [String: String], example: String) throws(YAMLError) -> String {
        let name = try self.name(value, example: example)
        guard let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty else {
            throw value.error(.invalidValue, "the systemd credential \(name) cannot be read: CREDENTIALS_DIRECTORY is not set; run Keepsake from a unit with LoadCredential=\(name):/path/to/file")
        }
        return (directory as NSString).appendingPathComponent(name)
    }

    /// The credential name `value` gives.
    ///
    /// - Throws: ``YAMLError/Code/invalidValue`` at `value` when it is not a plain name.
    static func name(_ value: YAMLValue, example: String) throws(YAMLError) -> String {
        let name = try value.string()
        guard !name.contains("/"), !name.isEmpty else {
            throw value.error(.invalidValue, "expected a systemd credential name such as \(example), got \"\(name)\"")
        }
        return name
    }

    /// Why the credential at `path` could not be read, for the caller's error.
    static func missing(_ path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let directory = (path as NSString).deletingLastPathComponent
        return "there is no systemd credential \(name) in \(directory); add LoadCredential=\(name):/path/to/file to the unit"
    }
}
