/// A locale as templates are organised by: a language with an optional script and region, such
/// as `en`, `fa`, `fa-IR` or `zh-Hant-TW`, always written with hyphens and in its usual case.
public struct TemplateLocale: Hashable, Sendable, CustomStringConvertible {
    /// The language, lower case: `fa`.
    public let language: String
    /// The script, title case, if any: `Hant`.
    public let script: String?
    /// The region, upper case, if any: `IR`, or three digits such as `419`.
    public let region: String?

    /// Reads a BCP 47 tag, accepting `_` for `-` and any letter case (`fa_ir` is `fa-IR`); nil
    /// when it is not a language tag (`farsi`, `f`, `fa--IR`). A variant after the region is ignored.
    public init?(_ text: String) {
        let parts = text.trimmingSpaces.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "_" })
            .map(String.init)
        guard !parts.contains(where: \.isEmpty), let first = parts.first, (2...3).contains(first.count), first.allSatisfy(\.isASCIILetter) else {
            return nil
        }
        var script: String?
        var region: String?
        var rest = parts.dropFirst()
        if let next = rest.first, next.count == 4, next.allSatisfy(\.isASCIILetter) {
            script = next.prefix(1).uppercased() + next.dropFirst().lowercased()
            rest = rest.dropFirst()
        }
        if let next = rest.first {
            if next.count == 2, next.allSatisfy(\.isASCIILetter) {
                region = next.uppercased()
            } else if next.count == 3, next.allSatisfy(\.isNumber) {
                region = next
            } else if !(5...8).contains(next.count) {
                return nil  // not a region, nor a variant such as `fonipa`
            }
        }
        self.language = first.lowercased()
        self.script = script
        self.region = region
    }

    /// The tag in canonical form: `fa-IR`.
    public var description: String {
        ([language] + [script, region].compactMap { $0 }).joined(separator: "-")
    }

    /// Whether the language is written right to left (Persian, Arabic, Hebrew, Urdu, Pashto,
    /// Sorani Kurdish, Yiddish, Dhivehi, Sindhi, Uyghur).
    public var isRightToLeft: Bool {
        ["fa", "ar", "he", "iw", "ur", "ps", "ckb", "yi", "dv", "sd", "ug"].contains(language)
    }

    /// The templates' `dir`: `rtl` or `ltr`.
    var direction: String { isRightToLeft ? "rtl" : "ltr" }

    /// The locales to look for, most specific first: `fa-IR` gives `fa-IR`, `fa`, then the default
    /// locale (and its language, when it has a region), without repeats.
    public func fallbacks(defaultLocale: TemplateLocale) -> [TemplateLocale] {
        var chain: [TemplateLocale] = []
        for candidate in [self, self.languageOnly, defaultLocale, defaultLocale.languageOnly] where !chain.contains(candidate) {
            chain.append(candidate)
        }
        return chain
    }

    /// The language alone: `fa` for `fa-IR`.
    public var languageOnly: TemplateLocale {
        TemplateLocale(language: language, script: nil, region: nil)
    }

    private init(language: String, script: String?, region: String?) {
        self.language = language
        self.script = script
        self.region = region
    }
}

extension Character {
    var isASCIILetter: Bool { isASCII && isLetter }
}

extension StringProtocol {
    /// The text without leading and trailing white space, line breaks and control characters (NUL).
    var trimmingSpaces: Substring {
        let text = Substring(self)
        let isBlank = { (character: Character) in
            character.isWhitespace || character.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control }
        }
        guard let start = text.firstIndex(where: { !isBlank($0) }) else { return "" }
        let end = text.lastIndex(where: { !isBlank($0) })!
        return text[start...end]
    }
}
