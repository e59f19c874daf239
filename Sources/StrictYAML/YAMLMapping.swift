internal import Yams

/// A section of `key: value` lines, read key by key, refusing keys it does not know.
public struct YAMLMapping {
    struct Entry {
        var key: String
        var keyPosition: Position
        var value: Node
    }

    /// The dotted path of this section; empty for the top level.
    public let keyPath: String
    /// The file name used in errors.
    public let file: String
    let entries: [Entry]
    let position: Position

    init(_ mapping: Node.Mapping, keyPath: String, file: String) throws(YAMLError) {
        var entries: [Entry] = []
        for (key, value) in mapping {
            guard case let .scalar(scalar) = key else {
                let position = Position(key.mark)
                throw YAMLError(.invalidValue, file: file, line: position.line, column: position.column, keyPath: keyPath,
                                message: "a key must be a single word such as url, not a list or a section")
            }
            entries.append(Entry(key: scalar.string, keyPosition: Position(key.mark), value: value))
        }
        self.init(entries: entries, keyPath: keyPath, file: file, position: Position(mapping.mark))
    }

    init(entries: [Entry], keyPath: String, file: String, position: Position) {
        self.entries = entries
        self.keyPath = keyPath
        self.file = file
        self.position = position
    }

    /// An empty section (an empty document reads as one), positioned at the start of the file.
    init(emptyAt keyPath: String, file: String) {
        self.init(entries: [], keyPath: keyPath, file: file, position: Position(line: 1, column: 1))
    }

    /// The keys in the order written.
    public var keys: [String] { entries.map(\.key) }

    /// The line of this section, from 1; 0 when unknown.
    public var line: Int { position.line }
    /// The column of this section, from 1; 0 when unknown.
    public var column: Int { position.column }

    /// True when `key` is written, even without a value.
    public func contains(_ key: String) -> Bool {
        entries.contains { $0.key == key }
    }

    /// The value of `key`, or nil when the key is absent or has an empty value (nothing, `~` or `null`).
    public func value(for key: String) -> YAMLValue? {
        guard let entry = entries.first(where: { $0.key == key }) else { return nil }
        let value = YAMLValue(node: entry.value, keyPath: KeyPath.child(key, of: keyPath), file: file, keyPosition: entry.keyPosition)
        return value.isNull ? nil : value
    }

    /// The value of `key`, which must be present and not empty.
    ///
    /// - Parameters:
    ///   - key: The key.
    ///   - example: A sample value shown in the error, such as `smtp://relay.example.net:587`.
    /// - Throws: ``YAMLError/Code/missingKey`` at this section when the key is absent or has no value.
    public func required(_ key: String, example: String? = nil) throws(YAMLError) -> YAMLValue {
        if let value = value(for: key) {
            return value
        }
        let sample = example.map { ", for example \(key): \($0)" } ?? ""
        if let entry = entries.first(where: { $0.key == key }) {
            throw YAMLError(.missingKey, file: file, line: entry.keyPosition.line, column: entry.keyPosition.column,
                            keyPath: KeyPath.child(key, of: keyPath), message: "a value is required here\(sample)")
        }
        let place = keyPath.isEmpty ? "at the top level" : "under \(keyPath)"
        throw YAMLError(.missingKey, file: file, line: line, column: column, keyPath: KeyPath.child(key, of: keyPath),
                        message: "missing; add \(key) \(place)\(sample)")
    }

    /// Refuses any key not in `allowed`, at the key's own position, suggesting the allowed key it
    /// most likely stands for.
    ///
    /// - Throws: ``YAMLError/Code/unknownKey``, such as
    ///   `keepsake.yaml:4:3: smtp.strattls: unknown key (did you mean starttls?)`.
    public func rejectUnknownKeys(allowed: Set<String>) throws(YAMLError) {
        for entry in entries where !allowed.contains(entry.key) {
            var hint = Suggestion.hint(for: entry.key, among: allowed)
            if hint.isEmpty {
                hint = " (the keys allowed here are \(Suggestion.list(allowed.sorted())))"
            }
            throw YAMLError(.unknownKey, file: file, line: entry.keyPosition.line, column: entry.keyPosition.column,
                            keyPath: KeyPath.child(entry.key, of: keyPath), message: "unknown key\(hint)")
        }
    }

    /// An error positioned at `key` (or at this section when the key is absent), for checks made by the caller.
    public func error(at key: String, _ code: YAMLError.Code, _ message: String) -> YAMLError {
        let position = entries.first(where: { $0.key == key })?.keyPosition ?? position
        return YAMLError(code, file: file, line: position.line, column: position.column,
                         keyPath: KeyPath.child(key, of: keyPath), message: message)
    }
}
