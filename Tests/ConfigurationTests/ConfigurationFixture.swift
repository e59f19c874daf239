@testable import Configuration
import Foundation

/// A temporary directory for configuration files, password files and credentials.
struct ConfigurationFixture: ~Copyable {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-configuration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Writes `contents` to `name` in the directory and returns its path.
    @discardableResult
    func write(_ contents: String, to name: String = "keepsake.yaml") throws -> String {
        let file = directory.appendingPathComponent(name)
        try contents.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// A default path that does not exist, so that tests never read /etc/keepsake.
    var absentDefaultPath: String { directory.appendingPathComponent("absent.yaml").path }

    /// Loads with the given file and environment, never looking at /etc/keepsake.
    func load(path: String?, environment: [String: String] = [:]) throws(ConfigurationError) -> KeepsakeConfiguration {
        try KeepsakeConfiguration.load(path: path, environment: environment, defaultPath: absentDefaultPath)
    }

    /// Loads `contents` written to a file.
    func load(_ contents: String, environment: [String: String] = [:]) throws -> KeepsakeConfiguration {
        try load(path: try write(contents), environment: environment)
    }

    /// The error of loading `contents`.
    func error(_ contents: String, environment: [String: String] = [:]) throws -> ConfigurationError? {
        let path = try write(contents)
        do {
            _ = try load(path: path, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    /// The error of loading the embedded defaults with `environment`.
    func error(environment: [String: String]) -> ConfigurationError? {
        do {
            _ = try load(path: nil, environment: environment)
            return nil
        } catch {
            return error
        }
    }
}

/// A minimal valid file.
let minimalFile = """
    smtp:
      url: smtp://relay.example.net:587
    sender:
      from: "Sahab Shop <hello@shop.example>"

    """

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
