import Foundation
import StrictYAML

/// Looks settings up by key path: an environment override first, then the file, then a default.
struct SettingsReader {
    /// The file's sections by key path ("" for the top level), checked for unknown keys.
    let sections: [String: YAMLMapping]
    let overrides: EnvironmentOverrides
    /// Default texts by key path, for settings neither the environment nor the file gives.
    let defaults: [String: String]
    /// Where defaults say they come from in errors.
    let defaultsOrigin: String

    /// Reads the sections of `document`, refusing unknown keys and a `password` key.
    init(document: YAMLDocument?, overrides: EnvironmentOverrides, defaults: [String: String], defaultsOrigin: String) throws(YAMLError) {
        var sections: [String: YAMLMapping] = [:]
        if let document {
            try Self.collect(try document.rootMapping(), into: &sections)
        }
        self.sections = sections
        self.overrides = overrides
        self.defaults = defaults
        self.defaultsOrigin = defaultsOrigin
    }

    private static func collect(_ mapping: YAMLMapping, into sections: inout [String: YAMLMapping]) throws(YAMLError) {
        if mapping.keyPath == "smtp", mapping.contains("password") {
            throw mapping.error(
                at: "password", .unknownKey,
                "a password never goes in the configuration file; put it in a file named by password_file, in an environment variable named by password_env, or in a systemd credential named by password_credential"
            )
        }
        try mapping.rejectUnknownKeys(allowed: ConfigurationSchema.sections[mapping.keyPath] ?? [])
        sections[mapping.keyPath] = mapping
        for key in mapping.keys {
            let path = mapping.keyPath.isEmpty ? key : "\(mapping.keyPath).\(key)"
            guard ConfigurationSchema.sections[path] != nil, let value = mapping.value(for: key) else { continue }
            try collect(try value.mapping(), into: &sections)
        }
    }

    /// The value the operator gave (environment or file), or nil; an empty override clears the file's value.
    func explicit(_ keyPath: String) -> YAMLValue? {
        if let value = overrides.values[keyPath] {
            return value
        }
        if overrides.cleared.contains(keyPath) {
            return nil
        }
        let (section, key) = Self.split(keyPath)
        return sections[section]?.value(for: key)
    }

    /// The given value, or the default, or nil.
    func value(_ keyPath: String) -> YAMLValue? {
        if let value = explicit(keyPath) {
            return value
        }
        return defaults[keyPath].map { YAMLValue(text: $0, keyPath: keyPath, file: defaultsOrigin) }
    }

    /// The given value or the default, which must exist.
    ///
    /// - Throws: ``YAMLError/Code/missingKey`` positioned at the section that should hold it.
    func required(_ keyPath: String, example: String) throws(YAMLError) -> YAMLValue {
        if let value = value(keyPath) {
            return value
        }
        let variable = ConfigurationSchema.environmentVariable(for: keyPath)
        if overrides.cleared.contains(keyPath) {
            throw YAMLError(.missingKey, file: EnvironmentOverrides.origin(of: variable),
                            message: "is empty, but \(keyPath) needs a value such as \(example)")
        }
        let (section, key) = Self.split(keyPath)
        if let mapping = sections[section] {
            do {
                _ = try mapping.required(key, example: example)
            } catch {
                throw YAMLError(error.code, file: error.file, line: error.line, column: error.column, keyPath: error.keyPath,
                                message: error.message + " (or set \(variable))")
            }
        }
        let root = sections[""]
        if let root, root.contains(section) {
            throw root.error(at: section, .missingKey, "this section is empty; add \(key): \(example) below it (or set \(variable))")
        }
        throw YAMLError(
            .missingKey, file: root?.file ?? defaultsOrigin, line: root?.line ?? 0, column: root?.column ?? 0, keyPath: keyPath,
            message: "missing; add a \(section): section with \(key): \(example) (or set \(variable))"
        )
    }

    /// A list setting: a YAML list or single value in the file, a comma-separated list in the environment.
    func list(_ keyPath: String) throws(YAMLError) -> (values: [String], origin: YAMLValue)? {
        guard let value = value(keyPath) else { return nil }
        if overrides.values[keyPath] != nil || explicit(keyPath) == nil {
            let items = try value.string().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return (items, value)
        }
        return (try value.stringList(), value)
    }

    /// `smtp.timeouts.connect` → (`smtp.timeouts`, `connect`).
    static func split(_ keyPath: String) -> (section: String, key: String) {
        guard let dot = keyPath.lastIndex(of: ".") else { return ("", keyPath) }
        return (String(keyPath[..<dot]), String(keyPath[keyPath.index(after: dot)...]))
    }
}
