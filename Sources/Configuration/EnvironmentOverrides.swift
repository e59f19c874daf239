import Foundation
import StrictYAML

/// The `KEEPSAKE_*` environment variables that override settings, checked for typos.
struct EnvironmentOverrides {
    /// Override values by key path; an empty value clears the setting.
    let values: [String: YAMLValue]
    /// Key paths whose variable is set but empty.
    let cleared: Set<String>
    /// The value of `KEEPSAKE_SMTP_PASSWORD`, when set and not empty.
    let password: YAMLValue?
    /// How many settings the environment overrides.
    var count: Int { values.count + cleared.count + (password == nil ? 0 : 1) }

    /// Reads the overrides from `environment`.
    ///
    /// - Throws: ``ConfigurationError/Code/unknownEnvironmentVariable`` for a `KEEPSAKE_*` variable
    ///   that is not a setting, naming the variable it most likely stands for.
    init(_ environment: [String: String]) throws(ConfigurationError) {
        var values: [String: YAMLValue] = [:]
        var cleared: Set<String> = []
        var password: YAMLValue?
        for (variable, text) in environment.sorted(by: { $0.key < $1.key }) where variable.hasPrefix("KEEPSAKE_") {
            if ConfigurationSchema.otherVariables.contains(variable) {
                continue
            }
            let value = YAMLValue(text: text, file: Self.origin(of: variable))
            if variable == ConfigurationSchema.passwordVariable {
                password = text.isEmpty ? nil : value
                continue
            }
            guard let keyPath = ConfigurationSchema.overridingVariables[variable] else {
                throw Self.unknown(variable)
            }
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                cleared.insert(keyPath)
            } else {
                values[keyPath] = value
            }
        }
        self.values = values
        self.cleared = cleared
        self.password = password
    }

    /// `environment KEEPSAKE_SMTP_URL`: where an override's errors say they come from.
    static func origin(of variable: String) -> String {
        "environment \(variable)"
    }

    private static func unknown(_ variable: String) -> ConfigurationError {
        let known = Array(ConfigurationSchema.overridingVariables.keys) + [ConfigurationSchema.passwordVariable]
            + Array(ConfigurationSchema.otherVariables)
        let hint = Suggestion.closest(to: variable, among: known).map { " (did you mean \($0)?)" }
            ?? "; the variables are KEEPSAKE_ followed by a key path in capitals, such as KEEPSAKE_SMTP_URL for smtp.url"
        return ConfigurationError(
            .unknownEnvironmentVariable,
            "\(origin(of: variable)): not a Keepsake setting\(hint); unset it or correct its name"
        )
    }
}
