/// The variables a template may use, as a tree: what `{{coupon.code}}` or `{{#tags}}{{.}}{{/tags}}`
/// can name. ``RenderContext`` fills exactly these; templates/README.md lists them for marketers.
indirect enum VariableShape: Hashable, Sendable {
    /// A single value, such as `first_name` or `birthday`.
    case value
    /// A list; a section over it repeats once per item, which the section sees as `{{.}}`.
    case list(VariableShape)
    /// A group of named values, such as `coupon` with `code`, `percent` and `valid_until`.
    case group([String: VariableShape])
    /// A group whose names are not known in advance, such as `attributes` (any attribute name).
    case anyNames(VariableShape)

    /// The shape of the named child, or nil when there is none.
    func child(_ name: String) -> VariableShape? {
        switch self {
        case .value, .list: return nil
        case .group(let children): return children[name]
        case .anyNames(let shape): return shape
        }
    }

    /// What a section over a value of this shape sees as its current value.
    var sectionScope: VariableShape {
        if case .list(let element) = self { return element }
        return self
    }
}

/// The variable names Keepsake provides, and the lookup rules of Mustache over them.
enum TemplateVariables {
    /// The top level of every template's variables.
    static let root = VariableShape.group([
        "first_name": .value, "last_name": .value, "email": .value, "locale": .value,
        "country": .value, "calendar": .value, "birthday": .value, "orders_count": .value,
        "total_spent": .value, "currency": .value, "tags": .list(.value),
        "attributes": .anyNames(.value),
        "campaign": .group(["id": .value, "name": .value]),
        "segment": .value, "years": .value, "age": .value,
        "coupon": .group(["code": .value, "percent": .value, "valid_until": .value]),
        "unsubscribe_url": .value,
        "shop": .group(["name": .value, "address": .value, "url": .value]),
        "today": .value, "occasion": .value, "dir": .value, "lang": .value,
    ])

    /// The shape `name` resolves to inside the sections `scopes` (outermost first, the root
    /// included), as Mustache looks it up: the first part in the innermost scope that has it, the
    /// rest inside that; `.` is the current value; a leading `.` looks only in the innermost scope.
    static func resolve(_ name: String, in scopes: [VariableShape]) -> VariableShape? {
        guard let innermost = scopes.last else { return nil }
        if name == "." { return innermost }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if name.hasPrefix(".") {
            return descend(innermost, through: parts.dropFirst())
        }
        guard !parts.contains(where: \.isEmpty) else { return nil }
        for scope in scopes.reversed() {
            if let first = scope.child(parts[0]) {
                return descend(first, through: parts.dropFirst())
            }
        }
        return nil
    }

    /// The top-level variables that a template using `names` (as written, such as `coupon.code`,
    /// `first_name` or `.` inside a section) can read: the first part of each name that is one of
    /// ``root``'s. A name inside a section that is not a top-level name (`code` in `{{#coupon}}`)
    /// reads from its section, whose own name is among `names`; one that falls back to the top
    /// level at render time is a top-level name, so it is here too.
    static func roots(of names: some Sequence<String>) -> Set<String> {
        guard case .group(let children) = root else { return [] }
        var roots = Set<String>()
        for name in names {
            let first = String(name.prefix { $0 != "." })
            if children[first] != nil { roots.insert(first) }
        }
        return roots
    }

    private static func descend(_ shape: VariableShape, through parts: ArraySlice<String>) -> VariableShape? {
        var shape = shape
        for part in parts {
            guard !part.isEmpty, let child = shape.child(part) else { return nil }
            shape = child
        }
        return shape
    }

    /// Every full name a template can write at the top level, such as `coupon.code` and
    /// `attributes.NAME`, for suggestions.
    static let allNames: [String] = names(of: root, prefix: "").sorted()

    private static func names(of shape: VariableShape, prefix: String) -> [String] {
        switch shape {
        case .value, .list: return prefix.isEmpty ? [] : [prefix]
        case .anyNames(let child): return names(of: child, prefix: prefix + ".NAME")
        case .group(let children):
            let groupName = prefix.isEmpty ? [] : [prefix]
            return groupName + children.flatMap { key, child in
                names(of: child, prefix: prefix.isEmpty ? key : prefix + "." + key)
            }
        }
    }

    /// The full name of a group member written alone (`code`, `.code` → `coupon.code`), a known
    /// name that `name` begins (`unsubscribe` → `unsubscribe_url`), or the closest known name to a
    /// misspelt `name` if one is close enough to be a likely typo.
    static func suggestion(for name: String, in scopes: [VariableShape]) -> String? {
        let bare = name.hasPrefix(".") ? String(name.dropFirst()) : name
        if let member = allNames.first(where: { $0.hasSuffix("." + bare) }) { return member }
        if bare.count >= 4, let longer = allNames.first(where: { $0.hasPrefix(bare) }) { return longer }
        var candidates = allNames
        if let innermost = scopes.last, scopes.count > 1 {
            candidates += names(of: innermost, prefix: "").filter { !$0.contains(".NAME") }
        }
        return Spelling.closest(to: name, among: candidates)
    }
}

/// Suggestions for misspelt names, by edit distance.
enum Spelling {
    /// The candidate nearest to `word`, when it is within about a third of the word's length.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = max(2, word.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = editDistance(word, candidate)
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// The Levenshtein distance between two strings, in characters.
    static func editDistance(_ left: String, _ right: String) -> Int {
        let left = Array(left.lowercased()), right = Array(right.lowercased())
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        var current = previous
        for leftIndex in 1...left.count {
            current[0] = leftIndex
            for rightIndex in 1...right.count {
                let substitution = previous[rightIndex - 1] + (left[leftIndex - 1] == right[rightIndex - 1] ? 0 : 1)
                current[rightIndex] = min(previous[rightIndex] + 1, current[rightIndex - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }
}
