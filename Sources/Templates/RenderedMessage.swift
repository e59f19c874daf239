/// One customer's message, rendered: what the composer turns into MIME.
public struct RenderedMessage: Hashable, Sendable {
    /// The subject: one line, no control characters, not HTML-escaped.
    public let subject: String
    /// The HTML page: the layout with the body, `<html dir=… lang=…>` for the locale used.
    public let html: String
    /// The plain-text part: the body, a blank line, then the text footer.
    public let text: String
    /// The locale whose templates were used, after fallback (`fa` for a customer in `fa-IR`).
    public let locale: TemplateLocale
    /// The shop's name as the message shows it, in the message's locale when `shop.locales` has it.
    public let shopName: String

    /// A rendered message.
    public init(subject: String, html: String, text: String, locale: TemplateLocale, shopName: String = "") {
        self.shopName = shopName
        self.subject = subject
        self.html = html
        self.text = text
        self.locale = locale
    }
}
