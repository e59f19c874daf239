import Foundation

/// A bounded RFC 5322 / MIME reader for inbound mail (RFC 2045–2047, 2046 multiparts, message/rfc822
/// and text/rfc822-headers parts), strict about structure and lenient about what real mail systems
/// get wrong: see ``InboundRecogniser`` for what it accepts and its limits.
public struct MessageReader: Sendable {
    /// The limits applied.
    public let limits: InboundLimits

    /// A reader within `limits`.
    public init(limits: InboundLimits = InboundLimits()) {
        self.limits = limits
    }

    /// Reads a message from a file, refusing one larger than the size limit by its size on disk,
    /// before reading any of it.
    public func read(fileAt url: URL) throws -> InboundMessage {
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        try checkSize(size)
        return try read([UInt8](try Data(contentsOf: url)))
    }

    /// Reads the whole of `handle` (a pipe or a file) in chunks, refusing the message as soon as
    /// more than the size limit has arrived, without holding more than the limit plus one chunk.
    public func readBytes(from handle: FileHandle) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            bytes += chunk
            try checkSize(bytes.count, readSoFar: true)
        }
        return bytes
    }

    /// Reads a message held in memory.
    public func read(_ bytes: [UInt8]) throws(InboundError) -> InboundMessage {
        try checkSize(bytes.count)
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }) else {
            throw InboundError(.emptyMessage, "the message is empty or white space only")
        }
        var state = ReadingState()
        let root = try entity(bytes, bytes.startIndex..<bytes.endIndex, firstLine: 1, depth: 0, inDigest: false, state: &state)
        guard !root.header.fields.isEmpty else {
            throw InboundError(.emptyMessage, "the message has no header fields (its first line is blank)")
        }
        return InboundMessage(root: root, lossyCharsets: state.lossyCharsets, unterminatedBoundaries: state.unterminatedBoundaries)
    }

    func checkSize(_ size: Int, readSoFar: Bool = false) throws(InboundError) {
        guard size > limits.maximumMessageSize else { return }
        let amount = readSoFar ? "more than \(limits.maximumMessageSize) bytes" : "\(size) bytes"
        throw InboundError(.messageTooLarge, "the message has \(amount); the limit is \(limits.maximumMessageSize) bytes (maximumMessageSize), so it was not read")
    }

    struct ReadingState {
        var partCount = 0
        var lossyCharsets: Set<String> = []
        var unterminatedBoundaries: [String] = []
    }

    /// One entity in `bytes[range]`: its header up to the first blank line, then its body.
    ///
    /// A `returned` entity is the copy of the original message inside a report: mail systems cut
    /// it (Postfix's delay notices keep the header only, others stop at a size), so a multipart
    /// whose boundary never comes back is kept as its raw bytes there instead of making the whole
    /// report unreadable.
    func entity(
        _ bytes: [UInt8], _ range: Range<Int>, firstLine: Int, depth: Int, inDigest: Bool, returned: Bool = false,
        state: inout ReadingState
    ) throws(InboundError) -> MIMEPart {
        guard depth <= limits.maximumNestingDepth else {
            throw InboundError(.nestingTooDeep, "MIME parts are nested more than \(limits.maximumNestingDepth) deep (maximumNestingDepth) at line \(firstLine)")
        }
        state.partCount += 1
        guard state.partCount <= limits.maximumPartCount else {
            throw InboundError(.tooManyParts, "the message has more than \(limits.maximumPartCount) MIME parts (maximumPartCount); line \(firstLine)")
        }
        let (headerEnd, bodyStart, bodyLine) = Self.headerBoundary(bytes, range, firstLine: firstLine)
        let header = try HeaderBlock.read(
            bytes, range.lowerBound..<headerEnd, firstLine: firstLine, limits: limits, endingAtMalformedLine: depth > 0)
        let contentType = ContentType.parse(header.value("Content-Type"), inDigest: inDigest)
        let bodyRange = bodyStart..<range.upperBound
        if contentType.type == "multipart" {
            do {
                let parts = try multipart(bytes, bodyRange, firstLine: bodyLine, contentType: contentType, depth: depth, state: &state)
                return MIMEPart(header: header, contentType: contentType, body: .parts(parts))
            } catch where returned && error.code == .malformedMultipart {
                return MIMEPart(header: header, contentType: contentType, body: .bytes(Array(bytes[bodyRange])))
            }
        }
        let decoded = TransferDecoding.decode(bytes[bodyRange], encoding: header.value("Content-Transfer-Encoding"))
        switch contentType.mimeType {
        case "message/rfc822", "message/global", "message/rfc822-headers", "text/rfc822-headers":
            let inner = try entity(
                decoded, decoded.startIndex..<decoded.endIndex, firstLine: bodyLine, depth: depth + 1, inDigest: false,
                returned: true, state: &state)
            return MIMEPart(header: header, contentType: contentType, body: .message(inner))
        default:
            if contentType.type == "text", let charset = contentType.parameters["charset"]?.lowercased(),
               !TextDecoding.knownCharsets.contains(charset), decoded.contains(where: { $0 >= 0x80 }) {
                state.lossyCharsets.insert(charset)
            }
            return MIMEPart(header: header, contentType: contentType, body: .bytes(decoded))
        }
    }

    /// Where the header of `bytes[range]` ends, where the body starts, and the body's first line.
    static func headerBoundary(_ bytes: [UInt8], _ range: Range<Int>, firstLine: Int) -> (Int, Int, Int) {
        var start = range.lowerBound
        var line = firstLine
        while start < range.upperBound {
            var end = start
            while end < range.upperBound, bytes[end] != 0x0A { end += 1 }
            let blank = end == start || (end == start + 1 && bytes[start] == 0x0D)
            if blank { return (start, min(end + 1, range.upperBound), line + 1) }
            start = end + 1
            line += 1
        }
        return (range.upperBound, range.upperBound, line)
    }
}
