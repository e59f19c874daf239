import Calendars
internal import StrictYAML

extension YAMLValue {
    /// Where this value starts.
    var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// The text with its location.
    func locatedString() throws(YAMLError) -> LocatedText {
        LocatedText(try string(), at: location)
    }

    /// A Gregorian date written `YYYY-MM-DD`.
    func localDate() throws(YAMLError) -> LocalDate {
        let text = try string()
        do {
            return try LocalDate(parsing: text)
        } catch {
            throw self.error(.invalidValue, "\(error)")
        }
    }

    /// A name made of lower-case letters, digits, `-` and `_`, starting with a letter or digit,
    /// such as a campaign id, a segment name or a template name.
    func identifier(what: String, example: String) throws(YAMLError) -> LocatedText {
        let located = try locatedString()
        guard CampaignNames.isIdentifier(located.text) else {
            throw error(.invalidValue, "\(what) \"\(located.text)\" may use only lower-case letters a–z, digits and - or _, such as \(example)")
        }
        return located
    }
}

extension YAMLMapping {
    /// Every key not in `allowed`, each at its own position: unlike `rejectUnknownKeys`, which stops
    /// at the first, so that a marketer sees all of them at once. `hints` gives a message for keys
    /// that are common mistakes.
    func unknownKeyErrors(allowed: Set<String>, hints: [String: String] = [:]) -> [YAMLError] {
        keys.filter { !allowed.contains($0) }.map { key in
            if let hint = hints[key] {
                return error(at: key, .unknownKey, "unknown key; \(hint)")
            }
            if let suggestion = Suggestion.closest(to: key, among: allowed) {
                return error(at: key, .unknownKey, "unknown key (did you mean \(suggestion)?)")
            }
            return error(at: key, .unknownKey, "unknown key (the keys allowed here are \(CampaignNames.list(allowed.sorted(), conjunction: "and")))")
        }
    }
}

/// Spelling rules shared by campaign ids, segment names and template names.
enum CampaignNames {
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.unicodeScalars.count <= 64,
              ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    /// `a, b or c`.
    static func list(_ words: [String], conjunction: String = "or") -> String {
        guard let last = words.last else { return "" }
        return words.count == 1 ? last : words.dropLast().joined(separator: ", ") + " \(conjunction) " + last
    }
}
