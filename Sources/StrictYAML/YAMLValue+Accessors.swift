/// Typed reading of single values. Each accessor throws a ``YAMLError`` positioned at the value,
/// whose message shows what to write instead.
extension YAMLValue {
    /// The value as text.
    ///
    /// - Throws: ``YAMLError/Code/typeMismatch`` for an empty value, a list or a section.
    public func string() throws(YAMLError) -> String {
        try scalarText(expected: "a single value")
    }

    /// The value as a whole number, optionally within `range`.
    ///
    /// - Throws: ``YAMLError/Code/invalidValue`` for anything but decimal digits with an optional
    ///   sign, or a number outside `range`.
    public func int(in range: ClosedRange<Int>? = nil) throws(YAMLError) -> Int {
        let expected = range.map { "a whole number from \($0.lowerBound) to \($0.upperBound)" } ?? "a whole number such as 10"
        let text = try scalarText(expected: expected)
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text) else {
            throw error(.invalidValue, "expected \(expected), got \(Self.quoted(text))")
        }
        if let range, !range.contains(number) {
            throw error(.invalidValue, "expected \(expected), got \(number)")
        }
        return number
    }

    /// The value as `true` or `false`, written exactly so.
    ///
    /// - Throws: ``YAMLError/Code/invalidValue`` for anything else, including YAML 1.1's
    ///   `yes`, `no`, `on` and `off`.
    public func bool() throws(YAMLError) -> Bool {
        let text = try scalarText(expected: "true or false")
        switch text {
        case "true": return true
        case "false": return false
        default:
            let hint: String
            switch text.lowercased() {
            case "true": hint = " (write true in lower case)"
            case "false": hint = " (write false in lower case)"
            case "yes", "y", "on", "1": hint = " (write true instead; yes, no, on and off are not accepted)"
            case "no", "n", "off", "0": hint = " (write false instead; yes, no, on and off are not accepted)"
            default: hint = ""
            }
            throw error(.invalidValue, "expected true or false, got \(Self.quoted(text))\(hint)")
        }
    }

    /// The value as a positive or zero duration written as a whole number and a unit:
    /// `250ms`, `10s`, `5m`, `2h` or `1d`.
    ///
    /// - Throws: ``YAMLError/Code/invalidValue`` for a number without a unit, an unknown unit, or
    ///   a value too large.
    public func duration() throws(YAMLError) -> Duration {
        let expected = "a duration such as 30s, 5m or 1h"
        let text = try scalarText(expected: expected)
        guard let duration = DurationSyntax.parse(text) else {
            var hint = ""
            if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                hint = " (add a unit: ms, s, m, h or d)"
            }
            throw error(.invalidValue, "expected \(expected), got \(Self.quoted(text))\(hint)")
        }
        return duration
    }

    /// The value as a list of texts: a YAML list of single values, or one single value as a list of one.
    ///
    /// - Throws: ``YAMLError/Code/typeMismatch`` for a section, or for an element that is not a single value.
    public func stringList() throws(YAMLError) -> [String] {
        guard case .sequence = node else {
            return [try scalarText(expected: "a list such as [a, b] or a single value")]
        }
        var texts: [String] = []
        for element in try elements() {
            texts.append(try element.string())
        }
        return texts
    }

    /// The elements of a list, each with its own key path (`name[0]`, `name[1]`, …) and position.
    ///
    /// - Throws: ``YAMLError/Code/typeMismatch`` when the value is not a list.
    public func elements() throws(YAMLError) -> [YAMLValue] {
        guard case let .sequence(sequence) = node else {
            throw typeMismatch(expected: "a list (lines starting with \"- \", or [a, b])")
        }
        return sequence.enumerated().map { index, element in
            YAMLValue(node: element, keyPath: KeyPath.element(index, of: keyPath), file: file)
        }
    }

    /// The value, which must be one of `allowed` (compared exactly).
    ///
    /// - Throws: ``YAMLError/Code/invalidValue`` naming the allowed values, with a suggestion for a near miss.
    public func oneOf(_ allowed: [String]) throws(YAMLError) -> String {
        let expected = "one of \(Suggestion.list(allowed))"
        let text = try scalarText(expected: expected)
        guard allowed.contains(text) else {
            throw error(.invalidValue, "expected \(expected), got \(Self.quoted(text))\(Suggestion.hint(for: text, among: allowed))")
        }
        return text
    }

    /// The value as a section of keys.
    ///
    /// - Throws: ``YAMLError/Code/typeMismatch`` for a single value or a list; ``YAMLError/Code/invalidValue``
    ///   for a key that is not a single value; ``YAMLError/Code/duplicateKey`` for a key given twice.
    public func mapping() throws(YAMLError) -> YAMLMapping {
        guard case let .mapping(mapping) = node else {
            throw typeMismatch(expected: "a section of \"key: value\" lines indented below \(keyPath.isEmpty ? "it" : keyPath)")
        }
        return try YAMLMapping(mapping, keyPath: keyPath, file: file)
    }

    /// The text of the value converted by `transform`; any error it throws is reported at the value,
    /// with the error's description as the message.
    ///
    /// ```swift
    /// let address = try value.convert { try EmailAddress($0) }
    /// ```
    public func convert<Converted>(_ transform: (String) throws -> Converted) throws(YAMLError) -> Converted {
        let text = try string()
        do {
            return try transform(text)
        } catch {
            throw self.error(.invalidValue, "\(error)")
        }
    }
}
