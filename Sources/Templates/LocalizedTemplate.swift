import Mustache
import Synchronization

/// A template's version chosen for one requested locale, with all that rendering it needs and
/// that no customer changes: the locale used, how numbers and dates are written, the shop as the
/// message shows it, and the variables the subject reads. Customers of one locale share it (a
/// Nowruz of 800,000 messages has a handful), so a composer makes it once
/// (``LocalizedTemplates``) and renders each message with
/// ``TemplateLibrary/render(_:context:subjectOnly:)``.
public struct LocalizedTemplate: Sendable {
    /// The template, such as `birthday-vip`.
    public let name: String
    /// The locale whose version is used: the first of the requested locale, its language and the
    /// default locale that the template has.
    public let locale: TemplateLocale
    /// The shop's name, address and url as a message in ``locale`` for the requested locale shows them.
    public let shop: RenderContext.Shop
    /// The top-level variables the subject reads, such as `first_name` and `shop`: all that a
    /// listing of a day's mail builds for each customer.
    public let subjectVariables: Set<String>
    /// The subject, rendered once, when it reads only what this version fixes (the shop, `dir`,
    /// `lang`: ``RenderContext/templateWideNames``), so that it is the same for every message:
    /// Nowruz's `Happy Nowruz from {{shop.name}}`. Nil when it reads anything of a customer or
    /// a delivery.
    public let fixedSubject: String?
    let subject: MustacheTemplate
    let htmlBody: MustacheTemplate
    let textBody: MustacheTemplate
    let formatter: LocaleFormatter

    /// What a listing shows of every message of this version when its subject is fixed
    /// (``fixedSubject``): the same for all, with no customer's values built.
    public var listing: RenderedMessage? {
        fixedSubject.map { RenderedMessage(subject: $0, html: "", text: "", locale: locale, shopName: shop.name) }
    }
}

extension TemplateLibrary {
    /// `name` in the version for `locale` (`fa-IR` → `fa` → the default locale), showing `shop`
    /// as that version's locale shows it.
    ///
    /// - Throws: ``TemplateError`` when the template does not exist, has no version for the
    ///   locales tried, or that version has problems.
    public func localized(_ name: String, locale: String?, shop: RenderContext.Shop) throws -> LocalizedTemplate {
        guard let versions = templates[name] else {
            var message = "there is no template '\(name)' in \(directory)"
            if let suggestion = Spelling.closest(to: name, among: templateNames) { message += " (did you mean \(suggestion)?)" }
            throw TemplateError(.unknownTemplate, message)
        }
        let requested = locale.flatMap(TemplateLocale.init) ?? defaultLocale
        let chain = requested.fallbacks(defaultLocale: defaultLocale)
        guard let used = chain.first(where: { versions[$0] != nil }), let version = versions[used] else {
            throw TemplateError(.missingLocale, "template '\(name)' has no version for "
                + chain.map(\.description).joined(separator: ", ") + ": add \(directory)/\(name)/\(defaultLocale)/")
        }
        guard !version.isBroken, let subject = version.parts[.subject], let htmlBody = version.parts[.htmlBody],
              let textBody = version.parts[.textBody]
        else {
            throw TemplateError(.invalidTemplate,
                "template '\(name)' in \(used) has problems: run keepsake validate and fix \(directory)/\(name)/\(used)/")
        }
        let shown = shop.localized(in: used, for: requested)
        let fixedSubject = version.subjectVariables.isSubset(of: RenderContext.templateWideNames)
            ? Self.oneLine(subject.render(RenderContext.templateWideValues(shop: shown, locale: used))) : nil
        return LocalizedTemplate(
            name: name, locale: used, shop: shown, subjectVariables: version.subjectVariables, fixedSubject: fixedSubject,
            subject: subject, htmlBody: htmlBody, textBody: textBody,
            formatter: LocaleFormatter(locale: requested.language == used.language ? requested : used))
    }
}

/// ``LocalizedTemplate``s of one library and shop, each made once per template and requested
/// locale and then shared by every message that asks for it, from any thread.
///
/// Customers' locales are imported text, so the number kept is bounded (``limit``); past it a
/// template is localized again for each message, as without this cache, and still renders the same.
public final class LocalizedTemplates: Sendable {
    /// At most this many (template, locale) pairs are kept.
    public static let limit = 4_096

    private struct Key: Hashable {
        let name: String
        let locale: String?
    }

    /// The library templates come from.
    public let library: TemplateLibrary
    /// The shop the messages show, before localization.
    public let shop: RenderContext.Shop
    private let kept = Mutex<[Key: LocalizedTemplate]>([:])

    /// A cache over `library`, for messages showing `shop`.
    public init(library: TemplateLibrary, shop: RenderContext.Shop) {
        self.library = library
        self.shop = shop
    }

    /// ``TemplateLibrary/localized(_:locale:shop:)`` of `name` for `locale` and this shop, made once.
    ///
    /// - Throws: ``TemplateError`` as ``TemplateLibrary/localized(_:locale:shop:)`` does (errors are not kept).
    public func localized(_ name: String, locale: String?) throws -> LocalizedTemplate {
        let key = Key(name: name, locale: locale)
        if let template = kept.withLock({ $0[key] }) { return template }
        let template = try library.localized(name, locale: locale, shop: shop)
        kept.withLock { kept in
            if kept.count < Self.limit { kept[key] = template }
        }
        return template
    }
}
