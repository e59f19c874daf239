import Foundation
import StrictYAML
import Templates

/// The texts of the one-click unsubscribe page, per locale, as the marketer wrote them in
/// `templates/_unsubscribe/<locale>.yaml`:
///
/// ```yaml
/// title: Unsubscribe
/// question: Stop marketing email from {shop} to {email}?
/// button: Unsubscribe
/// done: Done. {shop} sends no more marketing email to {email} (since {date}).
/// ```
///
/// `{shop}` is the shop's name, `{email}` the customer's address with most of its name hidden
/// (`s***@example.com`), `{campaign}` the name of the campaign whose message held the link, and
/// `{date}` today in the customer's calendar and digits (`۱۱ آذر ۱۴۰۵`). Keepsake's own English
/// texts stand in for a missing folder or locale.
public struct UnsubscribePages: Sendable {
    /// The texts of one locale.
    public struct Texts: Hashable, Sendable {
        /// The page's title and heading.
        public var title: String
        /// The sentence above the button.
        public var question: String
        /// The button's label.
        public var button: String
        /// What the page says once the customer is unsubscribed.
        public var done: String

        /// Texts from their parts.
        public init(title: String, question: String, button: String, done: String) {
            self.title = title
            self.question = question
            self.button = button
            self.done = done
        }
    }

    /// The folder's name under the templates folder.
    public static let folderName = "_unsubscribe"
    /// The keys of a texts file, every one required.
    static let keys = ["title", "question", "button", "done"]
    /// The placeholders texts may use.
    static let placeholders = ["shop", "email", "campaign", "date"]

    /// Keepsake's own English texts, for a locale (and default locale) without a file.
    public static let builtIn = Texts(
        title: "Unsubscribe",
        question: "Stop marketing email from {shop} to {email}?",
        button: "Unsubscribe",
        done: "Done: {shop} sends no more marketing email to {email}.")

    /// The texts by locale.
    public let texts: [TemplateLocale: Texts]
    /// The locale customers fall back to (the calendar's `default_locale`).
    public let defaultLocale: TemplateLocale
    /// What is wrong in the folder; errors keep the daemon from loading the files, as in templates.
    public let problems: [PageProblem]

    /// Pages with these texts.
    public init(texts: [TemplateLocale: Texts], defaultLocale: TemplateLocale, problems: [PageProblem] = []) {
        self.texts = texts
        self.defaultLocale = defaultLocale
        self.problems = problems
    }

    /// The texts for a customer's locale, and the locale they are in: the locale, its language,
    /// the default locale and its language, else Keepsake's English.
    public func texts(for locale: String?) -> (texts: Texts, locale: TemplateLocale) {
        let requested = locale.flatMap(TemplateLocale.init) ?? defaultLocale
        for candidate in requested.fallbacks(defaultLocale: defaultLocale) {
            if let found = texts[candidate] { return (found, candidate) }
        }
        return (Self.builtIn, TemplateLocale("en")!)
    }

    /// Reads and checks `<templatesDirectory>/_unsubscribe/*.yaml`. It never throws: problems are
    /// in ``problems`` (a missing folder is a warning: Keepsake's English is used).
    public static func load(templatesDirectory: String, defaultLocale: TemplateLocale) -> UnsubscribePages {
        var directory = templatesDirectory
        if directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        let folder = directory + "/" + folderName
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return UnsubscribePages(texts: [:], defaultLocale: defaultLocale, problems: [PageProblem(
                file: folder, line: 1, column: 1, isWarning: true,
                message: "missing: the one-click unsubscribe page is shown in Keepsake's English to everyone; "
                    + "add one file per language, such as \(folderName)/fa.yaml (see templates/README.md)")])
        }
        var texts: [TemplateLocale: Texts] = [:]
        var problems: [PageProblem] = []
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        for name in names where !name.hasSuffix(".md") {
            let path = folder + "/" + name
            guard name.hasSuffix(".yaml"), let locale = TemplateLocale(String(name.dropLast(5))),
                  locale.description == String(name.dropLast(5))
            else {
                let hint = TemplateLocale(String(name.dropLast(5))).map { " (write it as \($0).yaml)" } ?? ""
                problems.append(PageProblem(file: path, line: 1, column: 1,
                    message: "\(folderName) holds one LOCALE.yaml per language, such as en.yaml, fa.yaml or fa-IR.yaml\(hint)"))
                continue
            }
            switch PageTextsReader.read(path: path) {
            case .success(let read): texts[locale] = read
            case .failure(let list): problems += list.problems
            }
        }
        if texts[defaultLocale] == nil, texts[defaultLocale.languageOnly] == nil, problems.isEmpty {
            problems.append(PageProblem(
                file: folder + "/\(defaultLocale).yaml", line: 1, column: 1, isWarning: true,
                message: "missing: customers whose language has no file here see Keepsake's English; "
                    + "add \(defaultLocale).yaml for the default locale"))
        }
        return UnsubscribePages(texts: texts, defaultLocale: defaultLocale, problems: problems)
    }
}

/// A problem in the unsubscribe page's texts, at its file, line and column.
public struct PageProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    /// A warning leaves the files usable; an error stops `validate` and a reload.
    public let isWarning: Bool
    /// What is wrong and how to fix it.
    public let message: String

    /// A problem.
    public init(file: String, line: Int, column: Int, isWarning: Bool = false, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.isWarning = isWarning
        self.message = message
    }

    /// `FILE:LINE:COLUMN: [warning: ]message`.
    public var description: String { "\(file):\(line):\(column): \(isWarning ? "warning: " : "")\(message)" }
}

/// Several problems of one file.
struct PageProblemList: Error {
    var problems: [PageProblem]
}
