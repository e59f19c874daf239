import CustomerImport
import Foundation

/// A CSV file that appears whole or not at all: written under a temporary name beside its final
/// place, flushed to disk, then moved there in one step. An existing file is never replaced
/// unless `replace` says so; a failure at any point leaves nothing behind.
struct CSVOutputFile {
    /// Why the file could not be written.
    struct Failure: Error, CustomStringConvertible {
        /// The file exists and `replace` was not given.
        let exists: Bool
        let description: String
    }

    let path: String
    let replace: Bool

    /// Refuses early (before any work) a file that exists when it may not be replaced.
    func checkWritable() throws(Failure) {
        if !replace, FileManager.default.fileExists(atPath: path) {
            throw existsFailure
        }
    }

    /// Writes `header` and the rows `body` hands to the writer, with RFC 4180 line ends, then
    /// moves the file into place.
    func write(header: [String], _ body: (CSVWriter) -> Void) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UUID().uuidString.prefix(8)).tmp").path
        do {
            let writer = try CSVWriter(path: temporary, header: header, lineEnding: .crlf, createNew: true)
            body(writer)
            try writer.finish()
        } catch {
            unlink(temporary)
            throw Failure(exists: false, description: "\(error.message)")
        }
        defer { unlink(temporary) }
        if replace {
            guard rename(temporary, path) == 0 else { throw failure("cannot replace \(path)") }
            return
        }
        // link() refuses an existing name atomically: a file created meanwhile is never overwritten.
        if link(temporary, path) != 0 {
            if errno == EEXIST { throw existsFailure }
            throw failure("cannot create \(path)")
        }
    }

    private var existsFailure: Failure {
        Failure(exists: true, description: "\(path) already exists; choose a new name, or add --force to replace it")
    }

    private func failure(_ what: String) -> Failure {
        Failure(exists: false, description: "\(what): \(String(cString: strerror(errno)))")
    }
}
