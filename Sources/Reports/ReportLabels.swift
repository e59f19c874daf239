import Foundation
import Templates

/// The report's words in its three languages, and its numbers in the language's digits.
struct ReportLabels {
    let locale: ReportLocale
    let formatter: LocaleFormatter

    init(_ locale: ReportLocale) {
        self.locale = locale
        formatter = LocaleFormatter(locale: TemplateLocale(locale.rawValue)!)
    }

    /// The words, in the order of ``Word``.
    enum Word: Int, CaseIterable {
        case title, period, campaigns, campaign, segment, eligible, sent, heldOut, bounced, complaints, unsubscribes
        case conversionSent, conversionHeldOut, difference, interval, pValue, revenuePerRecipient, revenuePerHeldOut
        case retention, customers, orders, revenue, repeatRate, churnRate, frequency, averageOrderValue, lifetimeValue, wonBack
        case cohorts, cohortMonth, monthsAfter, window, churnDays
        case attributedOrders, attributedRevenue, redemptions
    }

    private static let english = [
        "Keepsake results", "Period", "Campaigns", "Campaign", "Segment", "Eligible", "Sent", "Held out", "Bounced",
        "Complaints", "Unsubscribes", "Conversion (sent)", "Conversion (held out)", "Difference", "95% interval", "p-value",
        "Revenue per recipient", "Revenue per held-out customer", "Retention", "Customers", "Orders", "Revenue",
        "Repeat-purchase rate", "Churn rate", "Purchase frequency", "Average order value", "Customer lifetime value",
        "Brought back by win-back", "Monthly cohorts (first-order month)", "Cohort", "Months after the first order",
        "Conversion window (days)", "Churn after (days without an order)",
        "Attributed orders", "Attributed revenue", "Redemptions",
    ]
    private static let persian = [
        "نتایج کیپسیک", "دوره", "کمپین‌ها", "کمپین", "بخش", "واجد شرایط", "ارسال‌شده", "گروه کنترل", "برگشتی",
        "شکایت‌ها", "لغو عضویت", "تبدیل (ارسال‌شده)", "تبدیل (گروه کنترل)", "تفاوت", "بازه ۹۵٪", "مقدار p",
        "درآمد به ازای هر گیرنده", "درآمد به ازای هر عضو گروه کنترل", "ماندگاری", "مشتریان", "سفارش‌ها", "درآمد",
        "نرخ خرید مجدد", "نرخ ریزش", "تکرار خرید", "میانگین ارزش سفارش", "ارزش طول عمر مشتری",
        "بازگشته با کمپین بازگشت", "گروه‌های ماهانه (ماه نخستین سفارش)", "گروه", "ماه‌ها پس از نخستین سفارش",
        "بازه تبدیل (روز)", "ریزش پس از (روز بدون سفارش)",
        "سفارش‌های منتسب", "درآمد منتسب", "کدهای استفاده‌شده",
    ]
    private static let arabic = [
        "نتائج كيبسيك", "الفترة", "الحملات", "الحملة", "الشريحة", "المؤهلون", "المرسلة", "المجموعة الضابطة", "المرتدة",
        "الشكاوى", "إلغاء الاشتراك", "التحويل (المرسلة)", "التحويل (المجموعة الضابطة)", "الفرق", "فترة ٩٥٪", "القيمة الاحتمالية",
        "الإيراد لكل مستلم", "الإيراد لكل فرد من المجموعة الضابطة", "الاحتفاظ", "العملاء", "الطلبات", "الإيراد",
        "معدل الشراء المتكرر", "معدل التسرب", "تكرار الشراء", "متوسط قيمة الطلب", "القيمة الدائمة للعميل",
        "العائدون بحملة الاسترجاع", "المجموعات الشهرية (شهر أول طلب)", "المجموعة", "الأشهر بعد أول طلب",
        "نافذة التحويل (أيام)", "التسرب بعد (أيام بلا طلب)",
        "الطلبات المنسوبة", "الإيراد المنسوب", "القسائم المستخدمة",
    ]

    subscript(_ word: Word) -> String {
        switch locale {
        case .english: Self.english[word.rawValue]
        case .persian: Self.persian[word.rawValue]
        case .arabic: Self.arabic[word.rawValue]
        }
    }

    /// A whole number in the language's digits.
    func number(_ value: Int) -> String { formatter.number(value) }

    /// A share as a percentage with one decimal, such as `12.3%` or `۱۲٫۳٪`; `-` when absent.
    func percent(_ value: Double?) -> String {
        guard let value, let rounded = ReportJSON.rounded(value * 100, 1) else { return "-" }
        return formatter.number(rounded, fractionDigits: 1) + (locale == .english ? "%" : "٪")
    }

    /// A decimal with `places` decimals; `-` when absent.
    func decimal(_ value: Decimal?, places: Int = 2) -> String {
        value.map { formatter.number($0, fractionDigits: places) } ?? "-"
    }

    /// Amounts by currency code, such as `12.50 EUR`, by code and comma-separated; an amount
    /// without a currency has no code; `0.00` when there is none.
    func money(_ amounts: [String: Decimal]) -> String {
        guard !amounts.isEmpty else { return decimal(0) }
        return amounts.sorted { $0.key < $1.key }
            .map { $0.key.isEmpty ? decimal($0.value) : decimal($0.value) + " " + $0.key }
            .joined(separator: locale == .english ? ", " : "، ")
    }

    /// A p-value: 4 decimals, or `< 0.0001`.
    func pValue(_ value: Double?) -> String {
        guard let value else { return "-" }
        if value < 0.0001 { return "< " + formatter.number(Decimal(string: "0.0001")!, fractionDigits: 4) }
        return formatter.number(ReportJSON.rounded(value, 4)!, fractionDigits: 4)
    }

    /// Plain text in the language's digits (dates, months).
    func digits(_ text: String) -> String { formatter.localDigits(text) }
}
