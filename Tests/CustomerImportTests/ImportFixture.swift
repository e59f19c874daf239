import Foundation
import Store
@testable import CustomerImport

/// A temporary directory with a fresh store, removed when the fixture goes away.
final class ImportFixture {
    let directory: URL
    let store: KeepsakeStore

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("keepsake-import-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try KeepsakeStore(path: directory.appendingPathComponent("keepsake.sqlite").path)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The folder of this test target.
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The repository's root.
    static let repositoryRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    /// samples/customers-sample.csv.
    static let samplePath = repositoryRoot.appendingPathComponent("samples/customers-sample.csv").path

    /// Writes `text` (UTF-8) to a file in the fixture's directory; returns its path.
    func write(_ text: String, to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// A path in the fixture's directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func importCustomers(
        _ path: String, mapping: ImportMapping = .identity(.customers), dryRun: Bool = false, rejects: String? = nil,
        topics: [String]? = nil
    ) throws -> ImportReport {
        let options = ImportOptions(mapping: mapping, dryRun: dryRun, rejectsPath: rejects,
                                    displayName: URL(fileURLWithPath: path).lastPathComponent)
        return try CustomerImporter(store: store, options: options, topics: topics).run(path: path)
    }

    func importOrders(_ path: String, mapping: ImportMapping = .identity(.orders)) throws -> ImportReport {
        let options = ImportOptions(mapping: mapping, displayName: URL(fileURLWithPath: path).lastPathComponent)
        return try OrderImporter(store: store, options: options).run(path: path)
    }
}

/// The header of Keepsake's own customer format.
let customerHeader = "id,email,first_name,last_name,locale,timezone,country,calendar,birthday,first_order_at,"
    + "last_order_at,orders_count,total_spent,currency,tags,consent,consent_at,consent_source"
