import Foundation
import Calendars
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

/// A customer with an address and nothing else, for tests that change one field at a time.
func customer(_ id: String, _ email: String) throws -> CustomerRecord {
    CustomerRecord(id: id, email: try EmailAddress(email))
}

/// An instant written in ISO 8601, for readable test dates.
func instant(_ text: String) throws -> Date {
    guard case .instant(let date) = try PointInTime(parsing: text) else {
        throw StoreError(.invalidArgument, "\(text) is not an instant")
    }
    return date
}
