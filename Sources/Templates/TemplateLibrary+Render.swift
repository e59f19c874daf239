import Mustache

extension TemplateLibrary {
    /// Renders one message: the subject, the HTML page (the layout around the body) and the
    /// plain-text part (the body and the text footer).
    ///
    /// The locale used is the first of `locale`, its language, then the default locale that the
    /// template has (`fa-IR` → `fa` → `en`). Numbers and dates are written for `locale` when it is
    /// in the language used (`ar-MA` writes 0–9), else for the locale used; the shop's name,
    /// address and url likewise come from its translation for `locale`, its language, the locale
    /// used or that one's language, else are the shop's own.
    ///
    /// - Parameters:
    ///   - name: The template, such as `birthday-vip`.
    ///   - locale: The customer's locale, such as `fa-IR`; nil or unreadable means the default locale.
    ///   - context: The values the templates show.
    /// - Throws: ``TemplateError`` when the template does not exist, has no version for the
    ///   locales tried, or it or its layout has problems.
    public func render(_ name: String, locale: String?, context: RenderContext) throws -> RenderedMessage {
        try render(name, locale: locale, context: context, subjectOnly: false)
    }

    /// ``render(_:locale:context:)``, or with `subjectOnly` just the subject (the bodies empty):
    /// enough for a listing of a day's mail, at a fraction of the cost.
    public func render(_ name: String, locale: String?, context: RenderContext, subjectOnly: Bool) throws -> RenderedMessage {
        let template: LocalizedTemplate = try localized(name, locale: locale, shop: context.shop)
        return try render(template, context: context, subjectOnly: subjectOnly)
    }

    /// Renders `template` (made by ``localized(_:locale:shop:)``, whose shop it shows in place of
    /// the context's): the whole message, or with `subjectOnly` just the subject, for which only
    /// the variables the subject reads are built.
    ///
    /// - Throws: ``TemplateError`` when the layout for the template's locale has problems.
    public func render(_ template: LocalizedTemplate, context: RenderContext, subjectOnly: Bool) throws -> RenderedMessage {
        let used = template.locale
        if subjectOnly, let listed = template.listing { return listed }
        var localized = context
        localized.shop = template.shop
        let values = localized.mustacheValues(
            formatter: template.formatter, direction: used.direction, language: used.description,
            reading: subjectOnly ? template.subjectVariables : nil)
        let renderedSubject = template.fixedSubject ?? Self.oneLine(template.subject.render(values))
        if subjectOnly {
            return RenderedMessage(subject: renderedSubject, html: "", text: "", locale: used, shopName: template.shop.name)
        }
        let layout = try resolveLayout(for: used)
        let partials = layout.partials.merging(["content": template.htmlBody]) { _, body in body }
        let page = layout.page.render(values, library: MustacheLibrary(templates: partials))
        let textPart = Self.trimmingTrailingSpace(template.textBody.render(values)) + "\n\n"
            + Self.trimmingTrailingSpace(layout.textFooter.render(values)) + "\n"
        return RenderedMessage(
            subject: renderedSubject, html: page, text: textPart, locale: used, shopName: template.shop.name)
    }

    /// The layout page, partials and text footer a locale uses: each file from the first folder
    /// of `_layout/<locale>`, `_layout/<language>`, `_layout/<default>`, `_layout` that has it.
    private func resolveLayout(
        for locale: TemplateLocale
    ) throws -> (page: MustacheTemplate, partials: [String: MustacheTemplate], textFooter: MustacheTemplate) {
        let chain = locale.fallbacks(defaultLocale: defaultLocale).map(Optional.some) + [nil]
        let folders = chain.compactMap { layouts[$0] }
        func file(_ name: String, _ pick: (LayoutFolder) -> MustacheTemplate?) throws -> MustacheTemplate? {
            guard let folder = folders.first(where: { $0.present.contains(name) }) else { return nil }
            guard let template = pick(folder) else {
                throw TemplateError(.invalidTemplate,
                    "the layout file \(name) for \(locale) has problems: run keepsake validate and fix \(directory)/_layout/")
            }
            return template
        }
        guard let page = try file("layout", { $0.html["layout"] }),
              let textFooter = try file("footer.txt", \.textFooter)
        else {
            throw TemplateError(.invalidTemplate,
                "there is no layout.html.mustache or footer.txt.mustache for \(locale) in \(directory)/_layout/")
        }
        guard PartialGraph(folders: folders).problems().isEmpty else {
            throw TemplateError(.invalidTemplate,
                "the partials of \(directory)/_layout/ for \(locale) include each other without end or too deep: "
                    + "run keepsake validate and fix them")
        }
        var partials: [String: MustacheTemplate] = [:]
        for name in Set(folders.flatMap(\.present)).subtracting(["layout", "footer.txt"]) {
            partials[name] = try file(name) { $0.html[name] }
        }
        return (page, partials, textFooter)
    }

    /// The subject on one line: each run of line breaks, NULs and other control characters
    /// becomes one space, and spaces around the text are removed.
    static func oneLine(_ text: String) -> String {
        if isOneLine(text) { return text }
        var result = ""
        var pendingSpace = false
        for character in text {
            let isControl = if let ascii = character.asciiValue {
                ascii < 0x20 || ascii == 0x7F
            } else {
                character.unicodeScalars.contains {
                    $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}"
                }
            }
            if isControl || character.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// Whether ``oneLine(_:)`` keeps `text` as it is, found scalar by scalar without breaking it
    /// into characters (a listing's subjects mostly are): no control character, no white space
    /// but single ASCII spaces inside the text, each followed by a printable ASCII character (so
    /// that it is a character of its own). A false answer only means the text takes the long way.
    static func isOneLine(_ text: String) -> Bool {
        guard text.utf8.first != 0x20 else { return false }
        var previousIsSpace = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x20:
                if previousIsSpace { return false }
                previousIsSpace = true
                continue
            case 0x21..<0x7F:
                previousIsSpace = false
                continue
            // Controls (C0, DEL, C1) and every White_Space scalar outside ASCII, with U+2028 and U+2029.
            case 0..<0x20, 0x7F...0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
                return false
            default:
                // A scalar after a space might join it into one character.
                if previousIsSpace { return false }
            }
        }
        return !previousIsSpace
    }

    /// The text without white space and line breaks at its end.
    static func trimmingTrailingSpace(_ text: String) -> String {
        guard let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[...last])
    }
}
