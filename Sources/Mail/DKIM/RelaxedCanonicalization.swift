/// DKIM's "relaxed" canonicalization of header fields (RFC 6376 §3.4.2) and of the body
/// (§3.4.4), over the message's bytes: what a signer hashes and every verifier recomputes, so
/// that a relay re-folding a header or trimming trailing spaces does not break the signature.
enum RelaxedCanonicalization {
    static let carriageReturn = UInt8(ascii: "\r")
    static let lineFeed = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let colon = UInt8(ascii: ":")

    /// Whether the byte is RFC 5234 WSP: a space or a horizontal tab.
    static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == space || byte == UInt8(ascii: "\t")
    }

    /// Appends one header field, given as its raw bytes from the name to the end of its last
    /// line, in relaxed form: the name in lower case; no white space around the colon; the value
    /// unfolded (its CRLFs removed), each run of white space made one space, white space at both
    /// ends removed; then CRLF, unless `withLineEnd` is false (the DKIM-Signature field itself is
    /// hashed without it).
    ///
    /// A field without a colon is appended as its name alone, lower-cased; the signer never
    /// passes one (``MessageHeaderFields`` refuses them).
    static func appendHeader(_ field: ArraySlice<UInt8>, to output: inout [UInt8], withLineEnd: Bool = true) {
        let colonIndex = field.firstIndex(of: colon) ?? field.endIndex
        var nameEnd = colonIndex
        while nameEnd > field.startIndex, isWhiteSpace(field[nameEnd - 1]) { nameEnd -= 1 }
        for byte in field[field.startIndex..<nameEnd] {
            output.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
        }
        output.append(colon)
        if colonIndex < field.endIndex {
            appendCompressed(field[(colonIndex + 1)...], to: &output)
        }
        if withLineEnd {
            output.append(carriageReturn)
            output.append(lineFeed)
        }
    }

    /// The body in relaxed form: white space at the end of each line removed, every other run of
    /// white space made one space, the empty lines at the end removed, and a CRLF added after a
    /// last line that lacks one. An empty body, or one of empty lines only, becomes empty (RFC
    /// 6376 §3.4.4; unlike "simple", which makes it one CRLF), whose SHA-256 is
    /// `47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=`.
    static func body(_ body: ArraySlice<UInt8>) -> [UInt8] {
        // One pass over the bytes (a message body is tens of kilobytes, signed for every message):
        // every line is written, and the output is cut after the last line that kept any content.
        body.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: input.count + 2) { output, count in
                var written = 0
                var endOfLastContent = 0
                var spacePending = false
                var lineHasContent = false
                var index = 0
                while index < input.count {
                    let byte = input[index]
                    if byte == carriageReturn && index + 1 < input.count && input[index + 1] == lineFeed {
                        output[written] = carriageReturn
                        output[written + 1] = lineFeed
                        written += 2
                        if lineHasContent { endOfLastContent = written }
                        spacePending = false
                        lineHasContent = false
                        index += 2
                        continue
                    }
                    if isWhiteSpace(byte) {
                        spacePending = true
                    } else {
                        if spacePending {
                            output[written] = space
                            written += 1
                            spacePending = false
                        }
                        output[written] = byte
                        written += 1
                        lineHasContent = true
                    }
                    index += 1
                }
                if lineHasContent {
                    output[written] = carriageReturn
                    output[written + 1] = lineFeed
                    endOfLastContent = written + 2
                }
                count = endOfLastContent
            }
        }
    }

    /// Appends a header value with its CRLF pairs removed (they only ever precede white space in a
    /// folded field), every run of white space made one space, and white space at both ends dropped.
    private static func appendCompressed(_ text: ArraySlice<UInt8>, to output: inout [UInt8]) {
        var spacePending = false
        var wroteContent = false
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == carriageReturn, index + 1 < text.endIndex, text[index + 1] == lineFeed {
                index += 2
                continue
            }
            if isWhiteSpace(byte) {
                spacePending = wroteContent
            } else {
                if spacePending { output.append(space) }
                output.append(byte)
                spacePending = false
                wroteContent = true
            }
            index += 1
        }
    }
}
