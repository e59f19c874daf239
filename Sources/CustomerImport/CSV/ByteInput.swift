#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a CSV file, read in large chunks from a file descriptor or taken from memory, with
/// the scanning loops the parser spends its time in.
struct ByteInput {
    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    private var buffer: [UInt8]
    private var position = 0
    private var count: Int
    /// The open file, or -1 for bytes in memory.
    private let descriptor: Int32
    /// Bytes taken from the file so far (the whole input for bytes in memory).
    private(set) var bytesRead: Int
    /// The `errno` text of a failed read, if one failed.
    private(set) var readFailure: String?

    init(bytes: [UInt8]) {
        buffer = bytes
        count = bytes.count
        descriptor = -1
        bytesRead = bytes.count
    }

    init(descriptor: Int32, chunkSize: Int = 1 << 18) {
        buffer = [UInt8](repeating: 0, count: chunkSize)
        count = 0
        self.descriptor = descriptor
        bytesRead = 0
    }

    /// The next byte without taking it, or nil at the end of the input.
    @inline(__always)
    mutating func peek() -> UInt8? {
        if position < count { return buffer[position] }
        return refill() ? buffer[position] : nil
    }

    /// Takes the byte `peek()` returned.
    @inline(__always)
    mutating func advance() {
        position += 1
    }

    /// Skips a UTF-8 byte order mark at the very start of the input.
    mutating func skipByteOrderMark() {
        guard peek() == 0xEF, count - position >= 3 else { return }
        if buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF {
            position += 3
        }
    }

    /// Appends bytes up to (not including) the next comma, line break or quote.
    @inline(__always)
    mutating func appendUnquotedRun(into field: inout [UInt8]) {
        while true {
            let start = position
            while position < count {
                let byte = buffer[position]
                if byte == Self.comma || byte == Self.lineFeed || byte == Self.carriageReturn || byte == Self.quote { break }
                position += 1
            }
            if position > start { field.append(contentsOf: buffer[start..<position]) }
            if position < count || !refill() { return }
        }
    }

    /// Appends bytes up to (not including) the next quote or line feed, inside a quoted field.
    @inline(__always)
    mutating func appendQuotedRun(into field: inout [UInt8]) {
        while true {
            let start = position
            while position < count {
                let byte = buffer[position]
                if byte == Self.quote || byte == Self.lineFeed { break }
                position += 1
            }
            if position > start { field.append(contentsOf: buffer[start..<position]) }
            if position < count || !refill() { return }
        }
    }

    /// Reads the next chunk of the file; false at the end of the file (or on a read error,
    /// which `readFailure` then names).
    private mutating func refill() -> Bool {
        guard descriptor >= 0, readFailure == nil else { return false }
        while true {
            let received = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if received < 0, errno == EINTR { continue }
            if received < 0 {
                readFailure = String(cString: strerror(errno))
                return false
            }
            position = 0
            count = received
            bytesRead += received
            return received > 0
        }
    }
}
