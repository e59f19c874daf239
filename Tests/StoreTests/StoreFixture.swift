import Foundation
import Mail
@testable import Store

/// A store in a fresh temporary directory, removed when the test ends.
final class StoreFixture {
    let directory: URL
    let path: String
    let store: KeepsakeStore

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("keepsake-store-tests-\(UUID().uuidString)")
        path = directory.appendingPathComponent("nested/keepsake.sqlite").path
        store = try KeepsakeStore(path: path)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}
