/// A mapping applied to one file's header: for each Keepsake field, the column it is read from
/// (with the mapping's translations and defaults), and the columns kept as attributes.
struct ColumnPlan<Field: ImportField> {
    let header: [String]
    let tagSeparator: String
    let firstRowPerOrder: Bool
    /// Columns kept as attributes, with the attribute name.
    let attributeColumns: [(index: Int, name: String)]
    /// By field ordinal: the column index, or nil when the file has no column for the field.
    private let fieldColumns: [Int?]
    /// By field ordinal: the mapping's value translations.
    private let translations: [[String: String]?]
    /// By field ordinal: the mapping's default.
    private let defaults: [String?]

    /// Resolves `mapping` against `header`: a mapped header becomes its field, a header named after
    /// an unmapped Keepsake field becomes that field, an ignored header is dropped, and every other
    /// header is kept as an attribute.
    ///
    /// - Throws: the problems of a header that lacks a column for a required field.
    init(mapping: ImportMapping, header: [String], file: String) throws(ImportProblemList) {
        var fieldColumns: [Field: Int] = [:]
        var attributeColumns: [(index: Int, name: String)] = []
        let explicitlyMapped = Set(mapping.columns.values)
        for (index, name) in header.enumerated() {
            if let target = mapping.columns[name], let field = Field(name: target) {
                fieldColumns[field] = index
            } else if let attribute = mapping.attributes[name] {
                attributeColumns.append((index, attribute))
            } else if mapping.ignoredColumns.contains(name) {
                continue
            } else if let field = Field(name: name), !explicitlyMapped.contains(name), fieldColumns[field] == nil {
                fieldColumns[field] = index
            } else {
                attributeColumns.append((index, name))
            }
        }
        let fields = Array(Field.allCases)
        let translations = fields.map { mapping.values[$0.name] }
        let defaults = fields.map { mapping.defaults[$0.name] }
        let missing = Field.requiredFields.filter { fieldColumns[$0] == nil && defaults[$0.ordinal] == nil }
        guard missing.isEmpty else {
            throw ImportProblemList(problems: missing.map { field in
                let mappedName = mapping.columns.first { $0.value == field.name }?.key
                let expected = mappedName.map { "a column \"\($0)\" (mapped to \(field.name) by \(mapping.name))" }
                    ?? "a column \(field.name), or a mapping that names the column holding it"
                return ImportProblem(.missingColumn, file: file, line: 1, column: "header",
                                     "no column holds \(field.name): the header needs \(expected)")
            })
        }
        self.header = header
        self.tagSeparator = mapping.tagSeparator
        self.firstRowPerOrder = mapping.firstRowPerOrder
        self.attributeColumns = attributeColumns
        self.fieldColumns = fields.map { fieldColumns[$0] }
        self.translations = translations
        self.defaults = defaults
    }

    /// True when the mapping translates the values of `field` (a shop's own order statuses, say).
    func hasTranslations(_ field: Field) -> Bool { translations[field.ordinal] != nil }

    /// True when the file has a column for `field`.
    func hasColumn(_ field: Field) -> Bool { fieldColumns[field.ordinal] != nil }

    /// The value of `field` in a row: trimmed of surrounding spaces, the default when empty,
    /// translated when the mapping says so; nil when empty and without default.
    func value(_ field: Field, in fields: [String]) -> String? {
        var text = fieldColumns[field.ordinal].map { fields[$0].trimmingASCIISpaces() } ?? ""
        if text.isEmpty {
            guard let fallback = defaults[field.ordinal] else { return nil }
            text = fallback
        }
        if let table = translations[field.ordinal], let translated = table[text.lowercased()] {
            return translated
        }
        return text
    }

    /// The name to report a problem with `field` under: its column as written in the header,
    /// or the field's own name when the value came from a default.
    func columnName(_ field: Field) -> String {
        fieldColumns[field.ordinal].map { header[$0] } ?? field.name
    }

    /// The header names of the columns of a row whose value holds a NUL character, in header
    /// order: the columns read for a field, and the attribute columns when `attributes` is true.
    /// The store cannot keep such a value (SQLite text ends at the first NUL), so its row is refused.
    func columnsHoldingNUL(in fields: [String], attributes: Bool) -> [String] {
        var indices = fieldColumns.compactMap { $0 }
        if attributes { indices += attributeColumns.map(\.index) }
        return indices.sorted().filter { fields[$0].utf8.contains(0) }.map { header[$0] }
    }

    /// The attribute values of a row; empty values are left out.
    func attributes(in fields: [String]) -> [String: String] {
        var attributes: [String: String] = [:]
        for (index, name) in attributeColumns where !fields[index].isEmpty {
            attributes[name] = fields[index]
        }
        return attributes
    }
}

/// Several problems thrown together, such as every required column a header lacks.
public struct ImportProblemList: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public var problems: [ImportProblem]

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
