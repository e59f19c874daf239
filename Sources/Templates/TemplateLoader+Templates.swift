extension TemplateLoader {
    /// Reads `NAME/` with one folder per locale, each with a subject, an HTML body and a plain-text body.
    mutating func loadTemplate(_ name: String) {
        var locales: [TemplateLocale: LocaleTemplate] = [:]
        for entry in listing(name) where !entry.name.hasSuffix(".md") {
            let path = name + "/" + entry.name
            guard entry.isDirectory else {
                problems.append(problem(.unknownFile, path,
                    "template files go in a locale folder, such as \(name)/\(defaultLocale)/\(entry.name)"))
                continue
            }
            guard let locale = localeFolder(entry.name, path: path) else { continue }
            locales[locale] = loadLocale(locale, path: path)
        }
        if locales.isEmpty {
            problems.append(problem(.missingPart, name,
                "the template has no locale folder: add \(name)/\(defaultLocale)/ with subject.mustache, "
                    + "body.html.mustache and body.txt.mustache"))
        } else if locales[defaultLocale] == nil, locales[defaultLocale.languageOnly] == nil {
            problems.append(problem(.missingTemplate, name,
                "the template has no version in the default locale \(defaultLocale): add \(name)/\(defaultLocale)/, "
                    + "used for customers whose locale has no version"))
        }
        templates[name] = locales
    }

    private mutating func loadLocale(_ locale: TemplateLocale, path: String) -> LocaleTemplate {
        var result = LocaleTemplate()
        let chain = layoutChain(for: locale)
        let partials = Set(chain.flatMap { layouts[$0]?.present ?? [] }).subtracting(["layout", "footer.txt"])
        var found: [TemplatePart: String] = [:]
        for entry in listing(path) where !entry.name.hasSuffix(".md") {
            let filePath = path + "/" + entry.name
            guard !entry.isDirectory, let part = TemplateFileNames.templateParts[entry.name] else {
                var message = "unknown file: a locale folder holds subject.mustache, body.html.mustache and body.txt.mustache"
                if let suggestion = Spelling.closest(to: entry.name, among: TemplateFileNames.templateParts.keys.sorted()) {
                    message = "unknown file '\(entry.name)' (did you mean \(suggestion)?)"
                }
                problems.append(problem(.unknownFile, filePath, message))
                continue
            }
            found[part] = filePath
            guard let source = read(filePath) else { result.isBroken = true; continue }
            let compiled = compile(source, path: filePath, part: part, partials: partials)
            result.couponUses += compiled.checked?.couponUses ?? []
            result.unguardedPartials += compiled.checked?.unguardedPartials ?? []
            if let template = compiled.template {
                result.parts[part] = template
                if part == .subject { result.subjectVariables = TemplateVariables.roots(of: compiled.checked?.variables ?? []) }
            } else {
                result.isBroken = true
            }
        }
        let anchor = [TemplatePart.subject, .htmlBody, .textBody].compactMap { found[$0] }.first ?? path
        for (part, what) in [(TemplatePart.subject, "a subject"), (.htmlBody, "an HTML body"),
                             (.textBody, "a plain-text part")] where found[part] == nil {
            result.isBroken = true
            problems.append(problem(.missingPart, anchor,
                "\(locale) has no \(TemplateFileNames.fileName(of: part)): every locale needs \(what)"))
        }
        if !found.isEmpty {
            checkLayoutReachable(chain: chain, locale: locale, anchor: anchor, result: &result)
        }
        return result
    }

    private mutating func checkLayoutReachable(
        chain: [TemplateLocale?], locale: TemplateLocale, anchor: String, result: inout LocaleTemplate
    ) {
        let folders = chain.map { $0.map { "_layout/\($0)/" } ?? "_layout/" }
        for (name, file) in [("layout", "layout.html.mustache"), ("footer.txt", "footer.txt.mustache")]
        where !chain.contains(where: { layouts[$0]?.present.contains(name) == true }) {
            result.isBroken = true
            problems.append(problem(.missingLayout, anchor,
                "no \(file) for \(locale): looked in \(folders.joined(separator: ", "))"))
        }
    }
}
