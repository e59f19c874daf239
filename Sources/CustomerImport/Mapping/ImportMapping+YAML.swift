import Foundation
import StrictYAML

extension ImportMapping {
    static let topLevelKeys: Set<String> = [
        "kind", "columns", "attributes", "ignore", "values", "tag_separator", "defaults", "first_row_per_order",
        "time_zone",
    ]

    /// Reads a mapping file.
    ///
    /// - Throws: ``YAMLError`` at the file, line and column to fix: unreadable file, YAML syntax,
    ///   unknown keys, a target that is not a Keepsake field, a field mapped twice.
    public init(contentsOfFile path: String) throws(YAMLError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw YAMLError(.syntax, file: path, message: "cannot read the mapping file: \(error.localizedDescription)")
        }
        try self.init(yaml: text, file: path)
    }

    /// Reads a mapping from YAML text; `file` names it in errors (and becomes the mapping's name).
    ///
    /// - Throws: ``YAMLError`` positioned at the problem.
    public init(yaml: String, file: String) throws(YAMLError) {
        let root = try YAMLDocument(contents: yaml, file: file).rootMapping()
        try root.rejectUnknownKeys(allowed: Self.topLevelKeys)
        let kind = Kind(rawValue: try root.required("kind", example: "customers").oneOf(Kind.allCases.map(\.rawValue)))!
        let fieldNames = Self.fieldNames(of: kind)
        self.init(kind: kind, name: file)

        if let section = try root.value(for: "columns")?.mapping() {
            var mappedFrom: [String: String] = [:]
            for header in section.keys {
                let value = section.value(for: header)
                guard let value else { throw section.error(at: header, .missingKey, "give the Keepsake field this column holds") }
                let field = try Self.field(value, kind: kind, fieldNames: fieldNames)
                if let earlier = mappedFrom[field] {
                    throw value.error(.invalidValue, "\(field) is already the target of column \"\(earlier)\"; "
                        + "map each Keepsake field from one column only")
                }
                mappedFrom[field] = header
                columns[header] = field
            }
        }
        if let section = try root.value(for: "attributes")?.mapping() {
            for header in section.keys {
                guard let value = section.value(for: header) else {
                    throw section.error(at: header, .missingKey, "give the attribute name to keep this column under")
                }
                let name = try value.string()
                if fieldNames.contains(name) {
                    throw value.error(.invalidValue, "\(name) is a Keepsake field, not an attribute; map the column under columns:")
                }
                attributes[header] = name
            }
        }
        ignoredColumns = Set(try root.value(for: "ignore")?.stringList() ?? [])
        if let section = try root.value(for: "values")?.mapping() {
            try section.rejectUnknownKeys(allowed: Set(fieldNames))
            for field in section.keys {
                guard let table = try section.value(for: field)?.mapping() else { continue }
                var translations: [String: String] = [:]
                for written in table.keys {
                    translations[written.lowercased()] = try table.required(written).string()
                }
                values[field] = translations
            }
        }
        if let separator = root.value(for: "tag_separator") {
            tagSeparator = try separator.string()
        }
        if let section = try root.value(for: "defaults")?.mapping() {
            try section.rejectUnknownKeys(allowed: Set(fieldNames))
            for field in section.keys {
                defaults[field] = try section.required(field).string()
            }
        }
        if let value = root.value(for: "time_zone") {
            let name = try value.string()
            guard let zone = TimeZone(identifier: name), name.contains("/") || name == "UTC" else {
                throw value.error(.invalidValue, "\"\(name)\" is not an IANA time zone; write the shop's zone, such as "
                    + "Europe/London or Asia/Tehran")
            }
            timeZone = zone
        }
        if let value = root.value(for: "first_row_per_order") {
            firstRowPerOrder = try value.bool()
            if firstRowPerOrder, kind != .orders {
                throw value.error(.invalidValue, "first_row_per_order applies to kind: orders only")
            }
        }
    }

    /// The Keepsake field a `columns:` entry names, checked against the fields of `kind`.
    private static func field(_ value: YAMLValue, kind: Kind, fieldNames: [String]) throws(YAMLError) -> String {
        let name = try value.string()
        guard fieldNames.contains(name) else {
            let hint = Suggestion.closest(to: name, among: fieldNames).map { " (did you mean \($0)?)" } ?? ""
            throw value.error(.invalidValue, "\"\(name)\" is not a Keepsake \(kind == .customers ? "customer" : "order") "
                + "field\(hint); the fields are \(fieldNames.joined(separator: ", ")); "
                + "keep other columns under attributes: instead")
        }
        return name
    }
}
