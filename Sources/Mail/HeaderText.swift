/// Makes customer-supplied text (display names, subjects, extra header values) safe to place in a
/// header, so that no value can start a header line of its own (header injection).
///
/// Every run of line breaks and tabs — CR, LF, TAB, and the Unicode line breaks NEL, LINE
/// SEPARATOR, PARAGRAPH SEPARATOR, vertical tab and form feed — becomes one space; every other
/// control character (NUL, the rest of C0, DEL, C1) is dropped; spaces at both ends are trimmed.
/// What is left is either printable ASCII, which is written as it is, or is carried in RFC 2047
/// encoded-words, which cannot contain a line break at all.
enum HeaderText {
    /// The text with line breaks and tabs turned into single spaces, other controls removed, and
    /// leading and trailing spaces trimmed.
    static func sanitized(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var inBreakRun = false
        for scalar in text.unicodeScalars {
            if isBreak(scalar) {
                if !inBreakRun { result.append(" ") }
                inBreakRun = true
                continue
            }
            inBreakRun = false
            if isControl(scalar) { continue }
            result.append(scalar)
        }
        return trimmingSpaces(String(result))
    }

    /// Whether every character is printable ASCII (space to `~`), so it can be written unencoded.
    static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// Whether the scalar is a tab or a line break of any kind.
    private static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// Whether the scalar is a C0 control, DEL or a C1 control.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// The text without spaces at its start and end.
    private static func trimmingSpaces(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " }),
              let last = scalars.lastIndex(where: { $0 != " " })
        else { return "" }
        return String(scalars[first...last])
    }
}
