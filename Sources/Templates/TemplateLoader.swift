import Foundation
import Mustache

/// Reads a templates folder: `_layout` first (its partial names are needed to check bodies), then
/// one folder per template with one folder per locale. Collects every problem instead of stopping.
struct TemplateLoader {
    /// The folder as the caller named it; problems name files under it.
    let directory: String
    /// The locale customers fall back to.
    let defaultLocale: TemplateLocale
    var problems: [TemplateProblem] = []
    var layouts: [TemplateLocale?: LayoutFolder] = [:]
    var templates: [String: [TemplateLocale: LocaleTemplate]] = [:]

    init(directory: String, defaultLocale: TemplateLocale) {
        self.directory = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.defaultLocale = defaultLocale
    }

    /// Reads everything.
    mutating func load() {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            problems.append(problem(.unreadableFile, "", "the templates folder does not exist"))
            return
        }
        let entries = listing("")
        if entries.contains(where: { $0.name == "_layout" && $0.isDirectory }) {
            loadLayouts()
        } else {
            problems.append(problem(.missingLayout, "_layout",
                "the shared layout folder is missing: add _layout/ with layout.html.mustache, "
                    + "footer.html.mustache and footer.txt.mustache (see templates/README.md)"))
        }
        // _unsubscribe holds the unsubscribe page's texts, read by the daemon's listener (Web).
        for entry in entries where entry.name != "_layout" && entry.name != "_unsubscribe" {
            if !entry.isDirectory {
                if !entry.name.hasSuffix(".md") {
                    problems.append(problem(.unknownFile, entry.name,
                        "only folders (one per template) and README files belong at the top of the templates folder"))
                }
            } else if !TemplateFileNames.isValidName(entry.name) {
                problems.append(problem(.unknownFile, entry.name,
                    "template names use lower-case letters, digits, '-' and '_' only, such as birthday-vip"))
            } else {
                loadTemplate(entry.name)
            }
        }
        checkPartialGraphs()
    }

    /// Reports partials that include themselves or nest too deep, once for each file of `_layout`,
    /// as each locale (of `_layout` and of the templates) resolves its partials.
    private mutating func checkPartialGraphs() {
        let locales = Set(layouts.keys.compactMap { $0 }).union(templates.values.flatMap(\.keys))
        let chains = [[nil]] + locales.sorted { $0.description < $1.description }.map(layoutChain(for:))
        var found: Set<TemplateProblem> = []
        for chain in chains {
            for problem in PartialGraph(folders: chain.compactMap { layouts[$0] }).problems()
            where found.insert(problem).inserted {
                problems.append(problem)
            }
        }
    }

    // MARK: _layout

    private mutating func loadLayouts() {
        var sources: [TemplateLocale?: [(name: String, part: TemplatePart, source: String, path: String)]] = [:]
        func readFolder(_ locale: TemplateLocale?, _ relative: String) {
            sources[locale] = []
            for entry in listing(relative) {
                let path = relative + "/" + entry.name
                if entry.isDirectory {
                    if locale == nil, let subLocale = localeFolder(entry.name, path: path) { readFolder(subLocale, path) }
                    if locale != nil {
                        problems.append(problem(.unknownFile, path, "folders inside a locale folder of _layout are not read"))
                    }
                } else if let (part, name) = TemplateFileNames.layoutPart(entry.name) {
                    if let source = read(path) { sources[locale]!.append((name, part, source, path)) }
                    layouts[locale, default: LayoutFolder()].present.insert(name)
                } else if !entry.name.hasSuffix(".md") {
                    problems.append(problem(.unknownFile, path,
                        "unknown file in _layout: it reads layout.html.mustache, NAME.html.mustache partials "
                            + "and footer.txt.mustache"))
                }
            }
        }
        readFolder(nil, "_layout")
        let allPartials = Set(layouts.values.flatMap(\.present)).subtracting(["layout", "footer.txt"])
        for (locale, files) in sources.sorted(by: { ($0.key?.description ?? "") < ($1.key?.description ?? "") }) {
            let partials = locale.map { partialNames(chain: layoutChain(for: $0)) } ?? allPartials
            for file in files {
                let checked = compile(file.source, path: file.path, part: file.part, partials: partials)
                checkLayoutRequirements(file.part, name: file.name, path: file.path, checked: checked.checked)
                if checked.checked != nil, file.part != .textFooter {
                    layouts[locale, default: LayoutFolder()].includes[file.name] =
                        PartialInclude.all(in: file.source, file: display(file.path))
                }
                if checked.checked?.couponUses.isEmpty == false {
                    layouts[locale, default: LayoutFolder()].couponPartials.insert(file.name)
                }
                if let template = checked.template {
                    if file.part == .textFooter {
                        layouts[locale, default: LayoutFolder()].textFooter = template
                    } else {
                        layouts[locale, default: LayoutFolder()].html[file.name] = template
                    }
                } else {
                    layouts[locale, default: LayoutFolder()].broken.insert(file.name)
                }
            }
        }
    }

    private mutating func checkLayoutRequirements(
        _ part: TemplatePart, name: String, path: String, checked: CheckedTemplate?
    ) {
        guard let checked else { return }
        var missing: [String] = []
        if part == .layout {
            if !checked.partials.contains("content") { missing.append("{{>content}} where each message's body goes") }
            if !checked.variables.contains("dir") || !checked.variables.contains("lang") {
                missing.append("<html dir=\"{{dir}}\" lang=\"{{lang}}\"> so right-to-left languages display correctly")
            }
            if !checked.partials.contains("footer"), !checked.variables.contains("unsubscribe_url") {
                missing.append("{{>footer}}, which shows the unsubscribe link and the shop's address")
            }
        } else if name == "footer" || name == "footer.txt" {
            for variable in ["unsubscribe_url", "shop.address"] where !checked.variables.contains(variable) {
                missing.append("{{\(variable)}}")
            }
        }
        if !missing.isEmpty {
            problems.append(problem(.missingPart, path, "\(name == "layout" ? "the layout" : "the footer") needs "
                + missing.joined(separator: "; and ")))
        }
    }

    /// The layout folders a template locale reads from, most specific first; nil is `_layout` itself.
    func layoutChain(for locale: TemplateLocale) -> [TemplateLocale?] {
        locale.fallbacks(defaultLocale: defaultLocale).map(Optional.some) + [nil]
    }

    private func partialNames(chain: [TemplateLocale?]) -> Set<String> {
        Set(chain.flatMap { layouts[$0]?.present ?? [] }).subtracting(["layout", "footer.txt"])
    }
}

extension TemplateLoader {
    /// Compiles and checks one file, recording its problems.
    mutating func compile(
        _ source: String, path: String, part: TemplatePart, partials: Set<String>
    ) -> (template: MustacheTemplate?, checked: CheckedTemplate?) {
        let file = display(path)
        switch TemplateSyntax.compile(source, file: file, part: part) {
        case .failure(let syntaxProblem):
            problems.append(syntaxProblem)
            return (nil, nil)
        case .success(let template):
            let checked = TemplateChecker(file: file, part: part, partials: partials).check(source)
            problems += checked.problems
            if part == .subject, source.trimmingSpaces.isEmpty {
                problems.append(problem(.missingPart, path, "the subject is empty: write the subject line here"))
                return (nil, checked)
            }
            return (checked.problems.isEmpty ? template : nil, checked)
        }
    }

    /// The locale a folder's name spells, or nil after recording why it is not one.
    mutating func localeFolder(_ name: String, path: String) -> TemplateLocale? {
        guard let locale = TemplateLocale(name) else {
            problems.append(problem(.invalidLocale, path,
                "'\(name)' is not a locale: name locale folders like en, fa, ar or fa-IR"))
            return nil
        }
        guard locale.description == name else {
            problems.append(problem(.invalidLocale, path, "write the locale folder '\(name)' as '\(locale)'"))
            return nil
        }
        return locale
    }

    /// The entries of a folder under the templates folder, sorted, without hidden ones.
    func listing(_ relative: String) -> [(name: String, isDirectory: Bool)] {
        let path = relative.isEmpty ? directory : directory + "/" + relative
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
            return (name, isDirectory.boolValue)
        }
    }

    /// A file's text, without a byte order mark, or nil after recording why it cannot be read (or is
    /// longer than ``TemplateLimits/maximumBytes``, of which no more is read).
    mutating func read(_ relative: String) -> String? {
        let handle = FileHandle(forReadingAtPath: directory + "/" + relative)
        defer { try? handle?.close() }
        guard let handle, let data = try? handle.read(upToCount: TemplateLimits.maximumBytes + 1) ?? Data() else {
            problems.append(problem(.unreadableFile, relative, "cannot be read"))
            return nil
        }
        guard data.count <= TemplateLimits.maximumBytes else {
            problems.append(problem(.limitExceeded, relative, "the file is longer than 1,048,576 bytes (1 MiB), "
                + "the limit for a template; an e-mail that long would be clipped by most mail programs anyway"))
            return nil
        }
        guard var text = String(validating: data, as: UTF8.self) else {
            problems.append(problem(.unreadableFile, relative, "is not UTF-8 text: save it as UTF-8"))
            return nil
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// A path under the templates folder as problems show it.
    func display(_ relative: String) -> String {
        relative.isEmpty ? directory : directory + "/" + relative
    }

    /// A problem at the start of a file or folder under the templates folder.
    func problem(_ code: TemplateProblem.Code, _ relative: String, _ message: String) -> TemplateProblem {
        TemplateProblem(code, file: display(relative), line: 1, column: 1, message)
    }
}
