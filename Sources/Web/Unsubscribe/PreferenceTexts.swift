import Templates

/// One topic of the calendar as the preference centre lists it: its id and its name per locale.
public struct PreferenceTopic: Hashable, Sendable {
    /// The topic's id, such as `offers`: the form's value and the consent ledger's.
    public var id: String
    /// The name customers see, by locale as written in calendar.yaml (`en`, `fa`, `fa-IR`).
    public var names: [String: String]

    /// A topic.
    public init(id: String, names: [String: String]) {
        self.id = id
        self.names = names
    }

    /// The name in `locale`, else in its language, else in English, else the id.
    func name(in locale: TemplateLocale) -> String {
        names[locale.description] ?? names[locale.languageOnly.description] ?? names["en"] ?? id
    }
}

/// Keepsake's own texts of the preference centre (the part of the unsubscribe page above the
/// one-click button), in English, Persian and Arabic; other languages get the English.
struct PreferenceTexts: Hashable, Sendable {
    var heading: String
    var topics: String
    var pause: String
    var noPause: String
    var pause30: String
    var pause90: String
    var monthly: String
    var save: String
    var saved: String
    var leave: String

    /// The texts for the page's locale.
    static func texts(for locale: TemplateLocale) -> PreferenceTexts {
        switch locale.languageOnly.description {
        case "fa": persian
        case "ar": arabic
        default: english
        }
    }

    static let english = PreferenceTexts(
        heading: "Choose what you receive", topics: "Topics to keep", pause: "Pause all mail", noPause: "No pause",
        pause30: "For 30 days", pause90: "For 90 days", monthly: "At most one mail a month", save: "Save my choices",
        saved: "Saved: your choices apply from the next mail.", leave: "Or leave everything")
    static let persian = PreferenceTexts(
        heading: "انتخاب کنید چه ایمیل‌هایی دریافت کنید", topics: "موضوع‌هایی که می‌خواهید بمانند",
        pause: "توقف همهٔ ایمیل‌ها", noPause: "بدون توقف", pause30: "به مدت ۳۰ روز", pause90: "به مدت ۹۰ روز",
        monthly: "حداکثر یک ایمیل در ماه", save: "ذخیرهٔ انتخاب‌ها",
        saved: "ذخیره شد: انتخاب‌های شما از ایمیل بعدی اعمال می‌شود.", leave: "یا لغو همه چیز")
    static let arabic = PreferenceTexts(
        heading: "اختر ما تتلقاه", topics: "المواضيع التي تريد الاحتفاظ بها", pause: "إيقاف كل الرسائل مؤقتًا",
        noPause: "بلا إيقاف", pause30: "لمدة ٣٠ يومًا", pause90: "لمدة ٩٠ يومًا", monthly: "رسالة واحدة في الشهر على الأكثر",
        save: "حفظ اختياراتي", saved: "تم الحفظ: تسري اختياراتك من الرسالة التالية.", leave: "أو إلغاء كل شيء")
}
