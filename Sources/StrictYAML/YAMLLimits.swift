/// The limits every YAML file Keepsake reads is held to (campaigns, the calendar, the operator's
/// configuration, import mappings), so that a hostile or broken file is refused with a positioned
/// error in bounded time and memory instead of exhausting them.
///
/// Each limit is far above what these files need: a campaign file is a few hundred bytes, nests
/// three levels and uses no aliases.
public enum YAMLLimits {
    /// The largest file read, in bytes: 1 MiB.
    public static let maximumBytes = 1_048_576
    /// How deep lists and sections may be nested in one another; the top-level section is level 1.
    public static let maximumDepth = 32
    /// How many values aliases (`*name`) may repeat in one file, counting every value inside the
    /// anchored list or section each time it is repeated (so an alias bomb stops at this count).
    public static let maximumAliasExpansions = 10_000

    /// The message for nesting past ``maximumDepth``.
    static let depthMessage = "lists and sections are nested more than \(maximumDepth) levels deep here, "
        + "the limit for Keepsake's YAML files; they need only a few levels"

    /// `1,048,576`: a limit as the messages write it.
    static func written(_ number: Int) -> String {
        let digits = Array(String(number))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    /// The error for text longer than ``maximumBytes``, at the line and column where it passes the limit.
    static func sizeError(_ bytes: some Collection<UInt8>, file: String) -> YAMLError {
        let position = TextPosition.of(offset: maximumBytes, in: bytes)
        return YAMLError(
            .limitExceeded, file: file, line: position.line, column: position.column,
            message: "the file is longer than \(written(maximumBytes)) bytes (1 MiB), the limit for Keepsake's "
                + "YAML files, and passes it here; split it or remove what is not needed")
    }
}

/// Lines and columns of byte offsets in UTF-8 text.
enum TextPosition {
    /// The 1-based line and column (in Unicode scalars) of the byte at `offset`, counting only the
    /// bytes before it (which must be UTF-8).
    static func of(offset: Int, in bytes: some Collection<UInt8>) -> Position {
        var line = 1
        var column = 1
        for byte in bytes.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0b1100_0000 != 0b1000_0000 {
                column += 1
            }
        }
        return Position(line: line, column: column)
    }
}
