/// How amounts of a currency are written: its decimals and its name in the shops' languages.
enum CurrencyNames {
    /// The decimals shown for a currency: none for the rial, the Iraqi dinar, the yen and others
    /// whose minor unit is not used; three for the dinars of Bahrain, Jordan, Kuwait, Libya,
    /// Tunisia and the Omani rial; two otherwise.
    static func fractionDigits(_ code: String) -> Int {
        switch code {
        case "IRR", "IRT", "IQD", "AFN", "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "PYG", "XOF", "XAF": return 0
        case "BHD", "JOD", "KWD", "LYD", "OMR", "TND": return 3
        default: return 2
        }
    }

    /// The currency's name in `language`, or nil to write its ISO 4217 code.
    static func name(_ code: String, language: String) -> String? {
        switch language {
        case "fa": return persian[code]
        case "ar": return arabic[code]
        default: return nil
        }
    }

    private static let persian = [
        "IRR": "ریال", "IRT": "تومان", "AFN": "افغانی", "USD": "دلار", "EUR": "یورو", "GBP": "پوند",
        "AED": "درهم", "TRY": "لیر", "IQD": "دینار عراق", "SAR": "ریال سعودی", "CAD": "دلار کانادا",
    ]

    private static let arabic = [
        "SAR": "ريال سعودي", "AED": "درهم إماراتي", "KWD": "دينار كويتي", "QAR": "ريال قطري",
        "BHD": "دينار بحريني", "OMR": "ريال عماني", "JOD": "دينار أردني", "EGP": "جنيه مصري",
        "IQD": "دينار عراقي", "LBP": "ليرة لبنانية", "MAD": "درهم مغربي", "TND": "دينار تونسي",
        "DZD": "دينار جزائري", "LYD": "دينار ليبي", "IRR": "ريال إيراني", "USD": "دولار أمريكي",
        "EUR": "يورو", "GBP": "جنيه إسترليني",
    ]
}
