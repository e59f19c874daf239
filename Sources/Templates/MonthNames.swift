import Calendars

/// Month names for the languages Keepsake's first shops write in, per calendar.
///
/// Kept here rather than read from ICU because ICU's Arabic names for the Persian months are
/// misspelt (فرفردن, تار, آيان, اسفندار in Foundation on Linux), and its Persian Gregorian names
/// carry the ezafe (ژانویهٔ). Other languages take their names from Foundation.
enum MonthNames {
    /// The twelve names, or nil when the language has no table here.
    static func names(language: String, calendar: CalendarSystem) -> [String]? {
        switch (language, calendar) {
        case ("en", .gregorian): return englishGregorian
        case ("en", .persian): return englishPersian
        case ("en", .islamicUmmAlQura): return englishIslamic
        case ("fa", .gregorian): return persianGregorian
        case ("fa", .persian): return persianPersian
        case ("fa", .islamicUmmAlQura): return persianIslamic
        case ("ar", .gregorian): return arabicGregorian
        case ("ar", .persian): return arabicPersian
        case ("ar", .islamicUmmAlQura): return arabicIslamic
        default: return nil
        }
    }

    private static let englishGregorian = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]
    private static let englishPersian = [
        "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
        "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
    ]
    private static let englishIslamic = [
        "Muharram", "Safar", "Rabiʻ I", "Rabiʻ II", "Jumada I", "Jumada II",
        "Rajab", "Shaʻban", "Ramadan", "Shawwal", "Dhuʻl-Qiʻdah", "Dhuʻl-Hijjah",
    ]
    private static let persianGregorian = [
        "ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن",
        "ژوئیه", "اوت", "سپتامبر", "اکتبر", "نوامبر", "دسامبر",
    ]
    private static let persianPersian = [
        "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
        "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
    ]
    private static let persianIslamic = [
        "محرم", "صفر", "ربیع‌الاول", "ربیع‌الثانی", "جمادی‌الاول", "جمادی‌الثانی",
        "رجب", "شعبان", "رمضان", "شوال", "ذیقعده", "ذیحجه",
    ]
    private static let arabicGregorian = [
        "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
        "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    ]
    private static let arabicPersian = [
        "فروردين", "أرديبهشت", "خرداد", "تير", "مرداد", "شهريور",
        "مهر", "آبان", "آذر", "دي", "بهمن", "إسفند",
    ]
    private static let arabicIslamic = [
        "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
        "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
    ]
}
