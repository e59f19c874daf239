internal import Yams

/// One value of a YAML document (a single value, a list or a section), with the key path and
/// position it came from, so that every problem with it can be reported where the operator wrote it.
///
/// Single values are read by what the program expects, not by how YAML 1.1 would guess their type:
/// `starttls: off` is the text `off`, and `bool()` accepts only `true` and `false`.
public struct YAMLValue {
    /// The dotted path of this value, such as `smtp.timeouts.connect`.
    public let keyPath: String
    /// The file name used in errors.
    public let file: String
    let node: Node
    /// Where the key of this value stands, when it has one.
    let keyPosition: Position?

    init(node: Node, keyPath: String, file: String, keyPosition: Position? = nil) {
        self.node = node
        self.keyPath = keyPath
        self.file = file
        self.keyPosition = keyPosition
    }

    /// A single value that did not come from a document, such as an environment variable, read
    /// with the same rules as one that did. It is taken as written (`~` is text, not an empty value),
    /// and its errors carry no position.
    ///
    /// - Parameters:
    ///   - text: The value as written.
    ///   - keyPath: The setting it stands for, or empty.
    ///   - file: Where it came from, such as `environment KEEPSAKE_SMTP_URL`.
    public init(text: String, keyPath: String = "", file: String) {
        self.init(node: Node(text, .implicit, .doubleQuoted), keyPath: keyPath, file: file)
    }

    /// The line of this value, from 1; 0 when unknown.
    public var line: Int { position.line }
    /// The column of this value, from 1; 0 when unknown.
    public var column: Int { position.column }

    var position: Position { Position(node.mark) }

    /// True for an empty value, `~` or `null` (unquoted): the operator wrote the key but no value.
    public var isNull: Bool {
        guard case let .scalar(scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// An error positioned at this value, for checks made by the caller.
    ///
    /// Use it to report a problem found by another module (an invalid e-mail address, say) where
    /// the operator wrote the value.
    public func error(_ code: YAMLError.Code, _ message: String) -> YAMLError {
        YAMLError(code, file: file, line: line, column: column, keyPath: keyPath, message: message)
    }

    /// The error for a value that has the wrong shape: a list or section where a single value belongs, and so on.
    func typeMismatch(expected: String) -> YAMLError {
        error(.typeMismatch, "expected \(expected), got \(shapeDescription)")
    }

    /// How the operator would call what they wrote: "a list", "a section", "an empty value", or the value quoted.
    var shapeDescription: String {
        switch node {
        case .mapping: return "a section of keys"
        case .sequence: return "a list"
        case let .scalar(scalar): return isNull ? "an empty value" : Self.quoted(scalar.string)
        case .alias: return "an alias"
        }
    }

    /// `"text"`, with quotes and control characters escaped so that the value is seen exactly.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Checks every mapping below this value for a key given twice (Yams compares keys with their
    /// type, so `1` and `"1"` slip through it).
    func checkDuplicateKeys() throws(YAMLError) {
        if let duplicate = DuplicateKeyScanner.firstDuplicate(in: node, keyPath: keyPath) {
            throw DuplicateKeyScanner.error(for: duplicate, file: file)
        }
    }

    /// The text of a single, non-empty value, or a type-mismatch error naming `expected`.
    func scalarText(expected: String) throws(YAMLError) -> String {
        guard case let .scalar(scalar) = node, !isNull else {
            throw typeMismatch(expected: expected)
        }
        return scalar.string
    }
}
