/// The templates folder, loaded and checked: every template in every locale, the shared layout,
/// and every problem found, ready to render messages.
///
/// ```swift
/// let library = TemplateLibrary.load(directory: "templates", defaultLocale: TemplateLocale("en")!)
/// for problem in library.problems { print(problem) }   // FILE:LINE:COLUMN: message
/// let message = try library.render("birthday", locale: "fa-IR", context: context)
/// ```
///
/// The folder layout, the variables and how values are written are documented for marketers in
/// templates/README.md.
public struct TemplateLibrary: Sendable {
    /// The folder, as given to ``load(directory:defaultLocale:)``.
    public let directory: String
    /// The locale customers fall back to when neither their locale nor its language has a version.
    public let defaultLocale: TemplateLocale
    /// Everything wrong in the folder, sorted by file, line and column; empty when all is well.
    public let problems: [TemplateProblem]
    let templates: [String: [TemplateLocale: LocaleTemplate]]
    let layouts: [TemplateLocale?: LayoutFolder]

    /// Reads and checks every file under `directory`. It never throws: what is wrong, including
    /// a missing folder, is in ``problems``, and templates with problems refuse to render.
    public static func load(directory: String, defaultLocale: TemplateLocale = TemplateLocale("en")!) -> TemplateLibrary {
        var loader = TemplateLoader(directory: directory, defaultLocale: defaultLocale)
        loader.load()
        let problems = loader.problems.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
        return TemplateLibrary(
            directory: loader.directory, defaultLocale: defaultLocale, problems: problems,
            templates: loader.templates, layouts: loader.layouts)
    }

    /// The names of the templates, sorted: `anniversary`, `birthday`, ….
    public var templateNames: [String] { templates.keys.sorted() }

    /// The locales a template has a folder for, sorted.
    public func locales(of template: String) -> [TemplateLocale] {
        (templates[template] ?? [:]).keys.sorted { $0.description < $1.description }
    }

    /// A problem for each reference to a template that does not exist, at the reference; and,
    /// for a campaign without a coupon, for each `{{coupon…}}` of the template it names that
    /// no `{{#coupon}}` section guards, at the tag (it would render nothing).
    public func check(references: [TemplateReference]) -> [TemplateProblem] {
        var problems = Set<TemplateProblem>()
        for reference in references where !reference.givesCoupon {
            problems.formUnion(couponProblems(reference))
        }
        return problems.sorted { ($0.file, $0.line, $0.column, $0.message) < ($1.file, $1.line, $1.column, $1.message) } + missing(references)
    }

    private func missing(_ references: [TemplateReference]) -> [TemplateProblem] {
        references.compactMap { reference in
            guard templates[reference.template] == nil else { return nil }
            var message = "template '\(reference.template)' does not exist: there is no \(directory)/\(reference.template)/"
            if let suggestion = Spelling.closest(to: reference.template, among: templateNames) {
                message += " (did you mean \(suggestion)?)"
            }
            return TemplateProblem(
                .missingTemplate, file: reference.file, line: reference.line, column: reference.column, message)
        }
    }

    /// A problem for each name that is not a template, placed at the folder it would be
    /// (`templates/NAME:1:1`); ``check(references:)-([TemplateReference])`` places it at the reference instead.
    public func check(references: [String]) -> [TemplateProblem] {
        check(references: references.map {
            TemplateReference(template: $0, file: "\(directory)/\($0)", line: 1, column: 1)
        })
    }
}

/// Where a campaign names a template: `template: birthday-vip` at `campaigns/birthday.yaml:7:47`.
public struct TemplateReference: Hashable, Sendable {
    /// The template's name.
    public var template: String
    /// The file that names it.
    public var file: String
    /// The line of the name, from 1.
    public var line: Int
    /// The column of the name, from 1.
    public var column: Int

    /// Whether the campaign gives a coupon; without one, `{{coupon.code}}` would render nothing.
    public var givesCoupon: Bool

    /// A reference to `template` at a place in a file, by a campaign that gives a coupon or not.
    public init(template: String, file: String, line: Int, column: Int, givesCoupon: Bool = true) {
        self.template = template
        self.givesCoupon = givesCoupon
        self.file = file
        self.line = line
        self.column = column
    }
}

extension TemplateLibrary {
    /// The tags of `reference`'s template that show a coupon its campaign does not give: each
    /// `{{coupon…}}`, and each partial that shows one, outside every `{{#coupon…}}` section.
    func couponProblems(_ reference: TemplateReference) -> [TemplateProblem] {
        let couponPartials = layouts.values.reduce(into: Set<String>()) { $0.formUnion($1.couponPartials) }
        let campaign = "\(reference.file):\(reference.line):\(reference.column)"
        return (templates[reference.template] ?? [:]).values.flatMap { version in
            version.couponUses.map { use in
                TemplateProblem(.couponWithoutCoupon, file: use.file, line: use.position.line, column: use.position.column,
                    "{{\(use.name)}} shows nothing: the campaign at \(campaign) uses this template and gives no coupon; "
                        + "add coupon: to the campaign, or write it inside {{#coupon}}…{{/coupon}}")
            } + version.unguardedPartials.filter { couponPartials.contains($0.name) }.map { use in
                TemplateProblem(.couponWithoutCoupon, file: use.file, line: use.position.line, column: use.position.column,
                    "{{>\(use.name)}} shows the coupon, and the campaign at \(campaign) uses this template and gives no "
                        + "coupon; add coupon: to the campaign, or write it inside {{#coupon}}…{{/coupon}}")
            }
        }
    }
}
