import Mustache

/// One locale of one template: its three parts, compiled.
struct LocaleTemplate: Sendable {
    /// The compiled parts; a part with problems is absent.
    var parts: [TemplatePart: MustacheTemplate] = [:]
    /// Whether any part is missing or has problems, so that rendering refuses it.
    var isBroken = false
    /// The top-level variables the subject reads (``TemplateVariables/roots(of:)``): all a listing
    /// of a day's mail needs to build for each customer.
    var subjectVariables: Set<String> = []
    /// Its `{{coupon…}}` variables and partials outside every `{{#coupon…}}` section.
    var couponUses: [UnguardedUse] = []
    var unguardedPartials: [UnguardedUse] = []
}

/// `_layout` or one of its locale folders: the layout page, HTML partials and the text footer.
struct LayoutFolder: Sendable {
    /// HTML files by name without `.html.mustache`: `layout`, `header`, `footer`, …; only those without problems.
    var html: [String: MustacheTemplate] = [:]
    /// `footer.txt.mustache`, when present and without problems.
    var textFooter: MustacheTemplate?
    /// The names of every file present, broken or not: `layout`, `header`, `footer.txt`.
    var present: Set<String> = []
    /// The names of files with problems.
    var broken: Set<String> = []
    /// The `{{>name}}` tags of each HTML file that compiled, by file name, for ``PartialGraph``.
    var includes: [String: [PartialInclude]] = [:]
    /// The names of the partials that show the coupon outside a `{{#coupon…}}` section.
    var couponPartials: Set<String> = []
}

/// The files Keepsake reads in a template's locale folder, and in `_layout`.
enum TemplateFileNames {
    /// The parts of a template locale, by file name.
    static let templateParts: [String: TemplatePart] = [
        "subject.mustache": .subject, "body.html.mustache": .htmlBody, "body.txt.mustache": .textBody,
    ]

    /// The file name of a template part.
    static func fileName(of part: TemplatePart) -> String {
        templateParts.first { $0.value == part }!.key
    }

    /// The role and partial name of a file in `_layout`, or nil for a file Keepsake does not read.
    static func layoutPart(_ fileName: String) -> (part: TemplatePart, name: String)? {
        if fileName == "footer.txt.mustache" { return (.textFooter, "footer.txt") }
        guard fileName.hasSuffix(".html.mustache") else { return nil }
        let name = String(fileName.dropLast(".html.mustache".count))
        guard isValidName(name) else { return nil }
        return (name == "layout" ? .layout : .htmlPartial, name)
    }

    /// Whether a template or partial name uses only lower-case ASCII letters, digits, `-` and `_`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }
}
