import Store
import Templates

/// The preference centre's form, shown on the unsubscribe page above the one-click button: the
/// topics to keep (checked when kept), a pause of 30 or 90 days, "at most one mail a month", and
/// a save button. A plain HTML form posting to `/u/TOKEN/preferences`: no JavaScript.
struct PreferencePage {
    /// The calendar's topics, in its order.
    let topics: [PreferenceTopic]
    /// The customer's consent now (nil: none), to check what they keep.
    let consent: CustomerConsent?
    /// Where the form posts.
    let action: String

    /// The form's HTML in the page's locale.
    func html(locale: TemplateLocale) -> String {
        let texts = PreferenceTexts.texts(for: locale)
        let escaped = UnsubscribePage.escaped
        var topicRows = ""
        if !topics.isEmpty {
            topicRows = "<fieldset><legend>\(escaped(texts.topics))</legend>\n"
            for topic in topics {
                let kept = !(consent?.topicsLeft.contains(topic.id) ?? false)
                topicRows += "<label><input type=\"checkbox\" name=\"topic\" value=\"\(escaped(topic.id))\""
                    + "\(kept ? " checked" : "")> \(escaped(topic.name(in: locale)))</label>\n"
            }
            topicRows += "</fieldset>\n"
        }
        let pauses = [("none", texts.noPause), ("30", texts.pause30), ("90", texts.pause90)]
        let pauseRows = pauses.map { value, label in
            "<label><input type=\"radio\" name=\"pause\" value=\"\(value)\"\(value == "none" ? " checked" : "")> \(escaped(label))</label>"
        }.joined(separator: "\n")
        let monthly = consent?.frequency == .monthly
        return """
            <h2>\(escaped(texts.heading))</h2>
            <form method="post" action="\(escaped(action))" class="preferences">
            \(topicRows)<fieldset><legend>\(escaped(texts.pause))</legend>
            \(pauseRows)
            </fieldset>
            <label><input type="checkbox" name="frequency" value="monthly"\(monthly ? " checked" : "")> \(escaped(texts.monthly))</label>
            <p><button type="submit">\(escaped(texts.save))</button></p>
            </form>
            <h2>\(escaped(texts.leave))</h2>
            """
    }
}
