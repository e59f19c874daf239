#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a CSV file (UTF-8, quoting only where needed), such as the rejects file of an import (the
/// original columns plus an `error` column, LF line ends) or a coupon export (RFC 4180: CRLF).
public final class CSVWriter {
    /// What ends each record.
    public enum LineEnding: Sendable {
        /// `\n`, as Unix tools expect.
        case lf
        /// `\r\n`, as RFC 4180 and spreadsheets expect.
        case crlf

        var bytes: [UInt8] { self == .lf ? [0x0A] : [0x0D, 0x0A] }
    }

    private let path: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let lineEnding: [UInt8]
    private var pending: [UInt8] = []
    private var failure: CSVError?

    /// Creates (or truncates) `path` and writes the header; with `createNew`, refuses a file that
    /// exists already instead.
    ///
    /// - Throws: ``CSVError`` with code ``CSVError/Code/unreadableFile`` when the file cannot be created.
    public convenience init(path: String, header: [String], lineEnding: LineEnding = .lf, createNew: Bool = false) throws(CSVError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | (createNew ? O_EXCL : O_TRUNC), 0o644)
        guard descriptor >= 0 else {
            throw CSVError(.unreadableFile, line: 0, column: "file", "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        self.init(descriptor: descriptor, owned: true, name: path, header: header, lineEnding: lineEnding)
    }

    /// Writes to an open file descriptor, such as standard output (1), which it leaves open.
    public convenience init(descriptor: Int32, name: String, header: [String], lineEnding: LineEnding = .lf) {
        self.init(descriptor: descriptor, owned: false, name: name, header: header, lineEnding: lineEnding)
    }

    private init(descriptor: Int32, owned: Bool, name: String, header: [String], lineEnding: LineEnding) {
        self.path = name
        self.descriptor = descriptor
        self.ownsDescriptor = owned
        self.lineEnding = lineEnding.bytes
        pending.reserveCapacity(1 << 16)
        write(header)
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Appends one record.
    public func write(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { pending.append(UInt8(ascii: ",")) }
            Self.append(field, to: &pending)
        }
        pending.append(contentsOf: lineEnding)
        if pending.count >= 1 << 16 { flushPending() }
    }

    /// Writes everything buffered to the file and, for a file it opened, waits until the disk has it
    /// (so a file renamed into place afterwards is never found empty after a crash).
    ///
    /// - Throws: ``CSVError`` when a write failed (a full disk, say).
    public func finish() throws(CSVError) {
        flushPending()
        if failure == nil, ownsDescriptor, fsync(descriptor) != 0 {
            failure = CSVError(.unreadableFile, line: 0, column: "file", "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        if let failure { throw failure }
    }

    /// The field as CSV: quoted (with quotes doubled) when it holds a comma, quote, line break, or
    /// leading or trailing space; as is otherwise.
    static func append(_ field: String, to output: inout [UInt8]) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
            || utf8.first == 0x20 || utf8.last == 0x20
        guard needsQuotes else {
            output.append(contentsOf: utf8)
            return
        }
        output.append(0x22)
        for byte in utf8 {
            if byte == 0x22 { output.append(0x22) }
            output.append(byte)
        }
        output.append(0x22)
    }

    private func flushPending() {
        guard failure == nil else { return }
        var offset = 0
        while offset < pending.count {
            let written = pending.withUnsafeBytes { bytes in
                Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else {
                failure = CSVError(.unreadableFile, line: 0, column: "file", "cannot write \(path): \(String(cString: strerror(errno)))")
                return
            }
            offset += written
        }
        pending.removeAll(keepingCapacity: true)
    }
}
