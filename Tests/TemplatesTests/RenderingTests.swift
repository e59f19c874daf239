import Calendars
import Foundation
import Testing
@testable import Templates

@Suite struct RenderingTests {
    static let samples = TemplateLibrary.load(directory: Fixtures.samples)
    static let november23 = try! LocalDate(year: 2026, month: 11, day: 23)

    @Test(arguments: [("fa-IR", "rtl", "fa"), ("ar-SA", "rtl", "ar"), ("en-US", "ltr", "en"), ("de", "ltr", "en")])
    func htmlCarriesDirectionAndLanguageOfTheLocaleUsed(_ locale: String, _ direction: String, _ language: String) throws {
        let message = try Self.samples.render("birthday", locale: locale, context: Fixtures.context(locale: locale))
        #expect(message.html.contains("<html dir=\"\(direction)\" lang=\"\(language)\">"))
        #expect(message.locale.description == language)
    }

    /// Hebrew and Urdu are right to left as well; any other language is left to right.
    @Test func hebrewAndUrduAreRightToLeft() throws {
        var files = Fixtures.minimalLayout
        for locale in ["en", "he", "ur", "ckb", "tr"] {
            files.merge(Fixtures.template("hello", locale, subject: "Hi", html: "<p>Hi</p>", text: "Hi")) { $1 }
        }
        let folder = try Fixtures.temporaryFolder(files)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = TemplateLibrary.load(directory: folder)
        #expect(library.problems == [])
        for (locale, direction) in [("he-IL", "rtl"), ("ur", "rtl"), ("ckb", "rtl"), ("tr", "ltr")] {
            let message = try library.render("hello", locale: locale, context: Fixtures.context(locale: locale))
            #expect(message.html.contains("<html dir=\"\(direction)\" lang=\"\(locale.prefix(while: { $0 != "-" }))\">"))
        }
    }

    @Test func numbersAndDatesUseTheLocalesDigitsAndCalendar() throws {
        let persian = try Self.samples.render("birthday-vip", locale: "fa-IR", context: Fixtures.context(ordersCount: 12))
        #expect(persian.text.contains("از بابت ۱۲ سفارشی"))
        #expect(persian.text.contains("۲۰٪ تخفیف"))
        #expect(persian.text.contains("، تا ۱۶ آذر ۱۴۰۵، با این کد:"))
        let arabic = try Self.samples.render(
            "birthday-vip", locale: "ar-SA",
            context: Fixtures.context(locale: "ar-SA", calendar: .islamicUmmAlQura, ordersCount: 12))
        #expect(arabic.text.contains("عدد طلباتك حتى اليوم: ١٢"))
        #expect(arabic.text.contains("صالح حتى ٢٧ جمادى الآخرة ١٤٤٨"))
        let english = try Self.samples.render(
            "birthday-vip", locale: "en", context: Fixtures.context(locale: "en", calendar: .gregorian, ordersCount: 12))
        #expect(english.text.contains("your 12 orders"))
        #expect(english.text.contains("valid until 7 December 2026"))
    }

    /// `today` is the sending day, `occasion` the date the message is about: the samples state
    /// the occasion, in the customer's calendar and digits, and never call it today.
    @Test func theOccasionIsWrittenInTheCustomersCalendar() throws {
        let nowruz1405 = try LocalDate(year: 2026, month: 3, day: 21)  // 1 Farvardin 1405 (jdatetime)
        let nextDay = try LocalDate(year: 2026, month: 3, day: 22)
        let persian = try Self.samples.render("nowruz", locale: "fa", context: Fixtures.context(today: nextDay, occasion: nowruz1405))
        #expect(persian.html.contains("نوروز، ۱ فروردین ۱۴۰۵، نخستین روز سال نو."))
        #expect(!persian.html.contains("۲ فروردین") && !persian.text.contains("امروز"))
        let english = try Self.samples.render(
            "eid-al-fitr", locale: "en",
            context: Fixtures.context(locale: "en", calendar: .gregorian, today: Self.november23, occasion: nowruz1405))
        #expect(english.text.contains("We celebrate Eid al-Fitr, 21 March 2026, with you."))
        #expect(!english.text.contains("23 November") && !english.text.contains("Today"))
        let arabic = try Self.samples.render(
            "anniversary", locale: "ar",
            context: Fixtures.context(locale: "ar-SA", calendar: .islamicUmmAlQura, today: nextDay, occasion: nowruz1405))
        #expect(arabic.text.contains("نحتفل في ٢ شوال ١٤٤٧ بالعام رقم ٣"))
        let noOccasion = try Self.samples.render("nowruz", locale: "en", context: Fixtures.context(locale: "en", today: nextDay))
        #expect(!noOccasion.text.contains("first day of a new year") && !noOccasion.text.contains("March"))
    }

    /// A customer in Morocco reads Arabic with 0–9: the customer's locale writes the numbers when
    /// its language is the one used.
    @Test func theCustomersRegionChoosesDigitsWithinTheLanguage() throws {
        let context = Fixtures.context(locale: "ar-MA", calendar: .gregorian, ordersCount: 12)
        let message = try Self.samples.render("birthday-vip", locale: "ar-MA", context: context)
        #expect(message.locale.description == "ar")
        #expect(message.text.contains("عدد طلباتك حتى اليوم: 12"))
        #expect(message.text.contains("حتى 7 ديسمبر 2026"))
    }

    @Test func hostileNamesAreEscapedInHTMLAndKeptAsTextElsewhere() throws {
        let hostile = "<script>alert(\"x\")</script>&'"
        let message = try Self.samples.render(
            "birthday", locale: "en", context: Fixtures.context(firstName: hostile, locale: "en", calendar: .gregorian))
        #expect(!message.html.contains("<script>"))
        #expect(message.html.contains("Happy birthday, &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;!"))
        #expect(message.text.contains("Happy birthday, \(hostile)!"))
        #expect(message.subject == "Happy birthday, \(hostile)! A gift from Sahab Shop")
    }

    @Test func valuesThatLookLikeTemplatesStayLiteral() throws {
        let name = "{{unsubscribe_url}}{{#coupon}}{{coupon.code}}{{/coupon}}{{>footer}}"
        var context = Fixtures.context(firstName: name, locale: "en", calendar: .gregorian)
        context.shop.name = "{{first_name}}"
        let message = try Self.samples.render("birthday", locale: "en", context: context)
        let escaped = name.replacingOccurrences(of: ">", with: "&gt;")
        #expect(message.html.contains("Happy birthday, \(escaped)!"))
        #expect(message.text.contains("Happy birthday, \(name)!"))
        #expect(message.subject == "Happy birthday, \(name)! A gift from {{first_name}}")
        #expect(message.html.contains("<title>{{first_name}}</title>"))
    }

    @Test func subjectLineBreaksAndNULsBecomeSpaces() throws {
        let name = "Eve\r\nBcc: victim@example.net\0\n\n"
        let message = try Self.samples.render(
            "birthday", locale: "en", context: Fixtures.context(firstName: name, locale: "en", calendar: .gregorian))
        #expect(message.subject == "Happy birthday, Eve Bcc: victim@example.net! A gift from Sahab Shop")
        var files = Fixtures.minimalLayout
        files.merge(Fixtures.template("split", "en", subject: "\nLine one\r\n\tline two\u{2028}{{first_name}}\n\n",
                                      html: "<p>x</p>", text: "x")) { $1 }
        let folder = try Fixtures.temporaryFolder(files)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let split = try TemplateLibrary.load(directory: folder).render("split", locale: "en", context: Fixtures.context())
        #expect(split.subject == "Line one line two Maryam")
    }

    @Test func aBlankFirstNameGreetsWithoutIt() throws {
        for blank in [nil, "", "   "] as [String?] {
            let message = try Self.samples.render(
                "winback-1", locale: "fa", context: Fixtures.context(firstName: blank))
            #expect(message.subject == "دلمان برایتان تنگ شده")
        }
    }

    @Test func theUnsubscribeLinkIsEscapedInHTMLAndExactInText() throws {
        let message = try Self.samples.render("feedback", locale: "ar", context: Fixtures.context(locale: "ar"))
        #expect(message.html.contains("<a href=\"https://shop.example/u/abc?x=1&amp;y=2\""))
        #expect(message.text.contains("إلغاء الاشتراك بنقرة واحدة: https://shop.example/u/abc?x=1&y=2\n"))
        #expect(message.text.hasSuffix("\(Fixtures.shop.address)\n"))
    }
}
