internal import Yams

/// One parsed YAML document, read strictly: every problem is reported as a ``YAMLError``
/// with the file, line and column to change.
///
/// ```swift
/// let document = try YAMLDocument(contents: text, file: "keepsake.yaml")
/// let settings = try document.rootMapping()
/// try settings.rejectUnknownKeys(allowed: ["smtp", "sender"])
/// ```
public struct YAMLDocument {
    /// The file name used in errors.
    public let file: String
    /// The top-level value, or nil for a document with no content (empty, or only comments).
    public let root: YAMLValue?

    /// Parses `contents`.
    ///
    /// - Parameters:
    ///   - contents: The YAML text.
    ///   - file: The name shown in errors, such as `/etc/keepsake/keepsake.yaml`.
    /// - Throws: ``YAMLError`` with code ``YAMLError/Code/syntax`` for text that is not YAML, or
    ///   ``YAMLError/Code/duplicateKey`` (at the second occurrence) for a key given twice in one section,
    ///   ``YAMLError/Code/limitExceeded`` for text that passes one of ``YAMLLimits``.
    public init(contents: String, file: String) throws(YAMLError) {
        self.file = file
        guard contents.utf8.count <= YAMLLimits.maximumBytes else {
            throw YAMLLimits.sizeError(contents.utf8, file: file)
        }
        try YAMLLimitScanner(contents: contents, file: file).check()
        let node: Node?
        do {
            node = try Yams.compose(yaml: contents)
        } catch let error as YamlError {
            if case let .duplicatedKeysInMapping(keys, context) = error {
                throw DuplicateKeyLocator(contents: contents, file: file).locate(key: keys.first ?? "", firstMark: Position(context.mark))
            }
            throw SyntaxErrorTranslator(contents: contents, file: file).translate(error)
        } catch {
            throw YAMLError(.syntax, file: file, message: "cannot read the document: \(error)")
        }
        self.root = node.map { YAMLValue(node: $0, keyPath: "", file: file) }
        if let root {
            try root.checkDuplicateKeys()
        }
    }

    /// The top-level mapping; an empty document reads as an empty mapping.
    ///
    /// - Throws: ``YAMLError/Code/typeMismatch`` when the document is a list or a single value.
    public func rootMapping() throws(YAMLError) -> YAMLMapping {
        guard let root, !root.isNull else {
            return YAMLMapping(emptyAt: "", file: file)
        }
        return try root.mapping()
    }
}
