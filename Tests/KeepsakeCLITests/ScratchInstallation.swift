import Foundation
import Testing

/// A scratch folder with a configuration file and a store of the first 20 sample customers
/// (c000001, Persian calendar, Tehran, among them), to run `keepsake` against as an operator would.
struct ScratchInstallation {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let root: URL
    var configuration: String { root.appendingPathComponent("keepsake.yaml").path }
    /// The store the configuration's database.path must name.
    var database: String { root.appendingPathComponent("keepsake.sqlite").path }

    /// Makes the folder, writes `settings(self)` as the configuration, and imports the customers.
    init(_ name: String, settings: (ScratchInstallation) throws -> String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try settings(self).write(toFile: configuration, atomically: true, encoding: .utf8)
        let sample = try String(
            contentsOf: Self.repository.appendingPathComponent("samples/customers-sample.csv"), encoding: .utf8)
        let customers = root.appendingPathComponent("customers.csv")
        try (sample.split(separator: "\n").prefix(21).joined(separator: "\n") + "\n")
            .write(to: customers, atomically: true, encoding: .utf8)
        let imported = try run(["import", "customers", customers.path])
        #expect(imported.status == 0, "\(imported.standardError)")
    }

    /// `env ENVIRONMENT keepsake ARGUMENTS --config FILE`: `environment` holds env(1)'s own
    /// arguments, such as `--chdir=DIR`, `-u NAME` or `NAME=VALUE`.
    func run(_ arguments: [String], environment: [String] = []) throws -> KeepsakeBinary.Result {
        try KeepsakeBinary.run(
            environment + [KeepsakeBinary.url.path] + arguments + ["--config", configuration],
            executable: URL(fileURLWithPath: "/usr/bin/env"))
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
