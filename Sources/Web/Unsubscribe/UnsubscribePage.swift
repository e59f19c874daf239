import Calendars
import Foundation
import Templates

/// One rendering of the unsubscribe page: the question with its one button, or the confirmation,
/// in the customer's language, right to left where the language is, with `{date}` in the
/// customer's calendar and digits. Keepsake owns the HTML; the marketer owns the texts.
struct UnsubscribePage {
    /// What the page shows.
    enum State {
        /// The question, and a form whose button POSTs `List-Unsubscribe=One-Click` to `action`
        /// (the page's own address when empty).
        case ask(action: String)
        /// The preference centre's form (``PreferencePage``), then the question and its one-click button.
        case preferences(PreferencePage, action: String)
        /// The confirmation.
        case done
        /// The confirmation of saved preferences.
        case saved
    }

    let texts: UnsubscribePages.Texts
    let locale: TemplateLocale
    /// The placeholders' values, already written for the locale.
    let values: [String: String]

    /// The page for a customer: texts in their locale, values written for it.
    init(pages: UnsubscribePages, customerLocale: String?, shop: RenderContext.Shop, email: String?, campaign: String,
         today: LocalDate, calendar: CalendarSystem) {
        (texts, locale) = pages.texts(for: customerLocale)
        // Digits follow the customer's own locale when it is in the page's language (ar-MA writes 0–9).
        let requested = customerLocale.flatMap(TemplateLocale.init)
        let formatter = LocaleFormatter(locale: requested?.language == locale.language ? requested! : locale)
        values = [
            "shop": shop.localized(in: locale, for: requested).name, "email": email.map(Self.masked) ?? "", "campaign": campaign,
            "date": formatter.date(today, in: calendar),
        ]
    }

    /// The whole HTML document.
    func html(_ state: State) -> String {
        let title = Self.escaped(fill(texts.title) { $0 })
        var body: String
        switch state {
        case .ask(let action):
            body = askBody(action: action)
        case let .preferences(preferences, action):
            body = preferences.html(locale: locale) + "\n" + askBody(action: action)
        case .done:
            body = "<p role=\"status\">\(fillHTML(texts.done))</p>"
        case .saved:
            body = "<p role=\"status\">\(Self.escaped(PreferenceTexts.texts(for: locale).saved))</p>"
        }
        let direction = locale.isRightToLeft ? " dir=\"rtl\"" : ""
        return """
            <!DOCTYPE html>
            <html lang="\(locale)"\(direction)>
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>\(title)</title>
            <style>
            body{margin:0;padding:48px 16px;background:#f6f4f0;font-family:Tahoma,Arial,sans-serif;font-size:17px;line-height:1.7;color:#2b2b2b}
            main{max-width:480px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 32px}
            h1{font-size:22px;margin:0 0 12px}
            fieldset{border:0;padding:0;margin:0 0 12px}legend{font-weight:bold}label{display:block}
            h2{font-size:18px;margin:16px 0 8px}
            button{font:inherit;padding:8px 24px;border:0;border-radius:6px;background:#8a5a2b;color:#fff;cursor:pointer}
            </style>
            </head>
            <body>
            <main>
            <h1>\(title)</h1>
            \(body)
            </main>
            </body>
            </html>

            """
    }

    /// The question and its form, whose button POSTs `List-Unsubscribe=One-Click` to `action`.
    private func askBody(action: String) -> String {
        """
        <p>\(fillHTML(texts.question))</p>
        <form method="post"\(action.isEmpty ? "" : " action=\"\(Self.escaped(action))\"")>
        <input type="hidden" name="List-Unsubscribe" value="One-Click">
        <button type="submit">\(fillHTML(texts.button))</button>
        </form>
        """
    }

    /// HTML for a text: escaped, each value in `<bdi>` so that an address or a Latin shop name
    /// keeps its order inside a right-to-left sentence.
    func fillHTML(_ text: String) -> String {
        fill(text, literal: Self.escaped) { "<bdi>" + Self.escaped($0) + "</bdi>" }
    }

    /// The text with each `{placeholder}` replaced by `value(its value)` and the rest by
    /// `literal(rest)`, in one pass (a shop named `{email}` stays as written); the texts were
    /// checked on load.
    func fill(_ text: String, literal: (String) -> String = { $0 }, value: (String) -> String) -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}"),
              let found = values[String(rest[rest.index(after: open)..<close])] {
            result += literal(String(rest[..<open])) + value(found)
            rest = rest[rest.index(after: close)...]
        }
        return result + literal(String(rest))
    }

    /// `s***@example.com`: enough for the person to recognise the address, little for anyone else.
    static func masked(_ address: String) -> String {
        guard let at = address.lastIndex(of: "@"), at > address.startIndex else { return "***" }
        return String(address[address.startIndex]) + "***" + address[at...]
    }

    /// Text safe inside HTML elements and quoted attributes.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
