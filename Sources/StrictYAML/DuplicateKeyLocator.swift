internal import Yams

/// A key that appears twice in one mapping.
struct DuplicateKey {
    /// The key path of the repeated key.
    var keyPath: String
    /// The key as written.
    var name: String
    /// Where it first appears.
    var first: Position
    /// Where it appears again: the position reported.
    var second: Position
}

/// Finds repeated keys in a node tree.
enum DuplicateKeyScanner {
    /// The first repeated key in document order, comparing keys by `name(key)`.
    static func firstDuplicate(in node: Node, keyPath: String, name: (String) -> String = { $0 }) -> DuplicateKey? {
        switch node {
        case let .mapping(mapping):
            var seen: [String: Position] = [:]
            for (key, value) in mapping {
                guard let text = key.scalar?.string else { continue }
                let keyName = name(text)
                let mark = Position(key.mark)
                if let first = seen[keyName] {
                    return DuplicateKey(keyPath: KeyPath.child(keyName, of: keyPath), name: keyName, first: first, second: mark)
                }
                seen[keyName] = mark
                if let found = firstDuplicate(in: value, keyPath: KeyPath.child(keyName, of: keyPath), name: name) {
                    return found
                }
            }
            return nil
        case let .sequence(sequence):
            for (index, element) in sequence.enumerated() {
                if let found = firstDuplicate(in: element, keyPath: KeyPath.element(index, of: keyPath), name: name) {
                    return found
                }
            }
            return nil
        case .scalar, .alias:
            return nil
        }
    }

    static func error(for duplicate: DuplicateKey, file: String) -> YAMLError {
        YAMLError(
            .duplicateKey, file: file, line: duplicate.second.line, column: duplicate.second.column, keyPath: duplicate.keyPath,
            message: "this key is given twice in the same section (first on line \(duplicate.first.line)); keep only one of them"
        )
    }
}

/// Positions Yams' duplicate-key error at the second occurrence, with its key path.
///
/// Yams 6 refuses a repeated key while composing and reports only the first occurrence. To find the
/// second, the locator renames each reported occurrence (it inserts a private-use character into the
/// key), composes again until the document composes, and then scans the tree comparing the original names.
struct DuplicateKeyLocator {
    let contents: String
    let file: String

    private static let marker: Unicode.Scalar = "\u{E000}"
    private static let attempts = 64

    func locate(key: String, firstMark: Position) -> YAMLError {
        let fallback = YAMLError(
            .duplicateKey, file: file, line: firstMark.line, column: firstMark.column, keyPath: key,
            message: "this key is given more than once in the same section; keep only one of them"
        )
        var insertions: [Position] = []
        var mark = firstMark
        for _ in 0..<Self.attempts {
            guard let insertion = insertionPoint(forKeyAt: mark) else { return fallback }
            insertions.append(insertion)
            do {
                guard let root = try Yams.compose(yaml: renamed(at: insertions)) else { return fallback }
                let marker = String(Self.marker)
                let found = DuplicateKeyScanner.firstDuplicate(in: root, keyPath: "") { $0.replacingOccurrences(of: marker, with: "") }
                guard var duplicate = found else { return fallback }
                duplicate.first = original(duplicate.first, insertions: insertions)
                duplicate.second = original(duplicate.second, insertions: insertions)
                return DuplicateKeyScanner.error(for: duplicate, file: file)
            } catch let YamlError.duplicatedKeysInMapping(_, context) {
                mark = original(Position(context.mark), insertions: insertions)
            } catch {
                return fallback
            }
        }
        return fallback
    }

    /// Where to insert the marker for the key starting at `mark`: after an opening quote, else at its start.
    private func insertionPoint(forKeyAt mark: Position) -> Position? {
        guard let scalars = line(mark.line), mark.column >= 1, mark.column <= scalars.count else { return nil }
        let first = scalars[mark.column - 1]
        return first == "\"" || first == "'" ? Position(line: mark.line, column: mark.column + 1) : mark
    }

    /// The contents with the marker inserted at each of `insertions` (original coordinates).
    private func renamed(at insertions: [Position]) -> String {
        var lines = contents.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        for insertion in insertions.sorted(by: >) {
            let index = insertion.line - 1
            guard lines.indices.contains(index) else { continue }
            lines[index].insert(Self.marker, at: min(insertion.column - 1, lines[index].count))
        }
        return lines.map { line in
            var text = String.UnicodeScalarView()
            text.append(contentsOf: line)
            return String(text)
        }.joined(separator: "\n")
    }

    /// Maps a mark in the renamed text back to the original text.
    private func original(_ mark: Position, insertions: [Position]) -> Position {
        let shift = insertions.filter { $0.line == mark.line && $0.column < mark.column }.count
        return Position(line: mark.line, column: mark.column - shift)
    }

    private func line(_ number: Int) -> [Unicode.Scalar]? {
        let lines = contents.split(separator: "\n", omittingEmptySubsequences: false)
        guard number >= 1, number <= lines.count else { return nil }
        return Array(lines[number - 1].unicodeScalars)
    }
}
