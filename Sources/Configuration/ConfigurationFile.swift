import Foundation
import StrictYAML

/// The configuration file chosen, and why.
struct ConfigurationFile {
    /// The path, as given.
    var path: String

    /// The file to read: `path`, else `$KEEPSAKE_CONFIG`, else `defaultPath` if it exists, else none.
    ///
    /// - Throws: ``ConfigurationError/Code/fileNotFound`` when a file named by `--config` or
    ///   `KEEPSAKE_CONFIG` does not exist.
    static func locate(path: String?, environment: [String: String], defaultPath: String) throws(ConfigurationError) -> ConfigurationFile? {
        if let path {
            return try existing(path, namedBy: "--config")
        }
        if let path = environment[ConfigurationSchema.configurationFileVariable], !path.isEmpty {
            return try existing(path, namedBy: ConfigurationSchema.configurationFileVariable)
        }
        return FileManager.default.fileExists(atPath: defaultPath) ? ConfigurationFile(path: defaultPath) : nil
    }

    private static func existing(_ path: String, namedBy origin: String) throws(ConfigurationError) -> ConfigurationFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigurationError(
                .fileNotFound,
                "\(path): the configuration file named by \(origin) does not exist; check the path, or copy systemd/keepsake.example.yaml there"
            )
        }
        guard !isDirectory.boolValue else {
            throw ConfigurationError(.unreadableFile, "\(path): the configuration file named by \(origin) is a directory, not a file")
        }
        return ConfigurationFile(path: path)
    }

    /// Reads and parses the file.
    func parse() throws(ConfigurationError) -> YAMLDocument {
        guard let data = YAMLText.contents(atPath: path) else {
            throw ConfigurationError(.unreadableFile, "\(path): cannot read the configuration file; check that the user Keepsake runs as may read it")
        }
        do {
            return try YAMLDocument(contents: try YAMLText.decode(data, file: path), file: path)
        } catch where error.code == .unreadableFile {
            throw ConfigurationError(.unreadableFile, error.description)
        } catch {
            throw ConfigurationError(error)
        }
    }
}
