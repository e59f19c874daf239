import Campaigns
import Foundation
import KeepsakeTestSupport
import Mail
import Store
import Testing
@testable import Scheduler
import PlannerTestSupport

/// `shop.locales`: a Persian or Arabic message names the shop in its language, in the templates
/// and in the From line, each field falling back on its own; the English one keeps the shop's own.
@Suite struct ShopLocaleTests {
    static let shop = ShopDetails(
        name: "Shop", postalAddress: "12 Valiasr St, Tehran", url: "https://shop.example",
        locales: [
            "fa": LocalizedShopDetails(name: "فروشگاه سحاب", postalAddress: "تهران، خیابان ولیعصر، پلاک ۱۲"),
            "ar": LocalizedShopDetails(name: "متجر سحاب"),
            "fa-AF": LocalizedShopDetails(url: "https://shop.example/af"),
        ])

    /// The birthday of a customer in `locale`, composed with ``shop``, read back by Python's email package.
    private func birthdayMail(_ locale: String) throws -> MessageCheck {
        let record = customer("sara", timeZone: "Asia/Tehran", birthday: "1990-05-10", locale: locale)
        let fixture = try PlannerFixture([record])
        let campaigns = [campaign("birthday", birthday())]
        let planned = try #require(try fixture.planner(campaigns).plan(
            now: instant("2026-05-10T00:00:00+03:30"), days: day("2026-05-10")...day("2026-05-10")).first)
        let composed = try sampleComposer(campaigns, shop: Self.shop).compose(planned, customer: record)
        let check = try MessageChecker.check(composed.bytes)
        #expect(check.defects.isEmpty && check.lineProblems.isEmpty, "\(check.defects) \(check.lineProblems)")
        return check
    }

    @Test func aPersianMessageNamesTheShopInPersianFromTheFromLineToTheFooter() throws {
        let persian = try birthdayMail("fa-IR")
        #expect(persian.from?.displayName == "فروشگاه سحاب" && persian.from?.addrSpec == "hello@shop.example")
        #expect(persian.subject?.hasSuffix("هدیه‌ای از فروشگاه سحاب") == true, "\(persian.subject ?? "")")
        for part in [persian.text ?? "", persian.html ?? ""] {
            #expect(part.contains("همهٔ ما در فروشگاه سحاب") && part.contains("تهران، خیابان ولیعصر، پلاک ۱۲"))
            #expect(!part.contains("Shop ") && !part.contains("12 Valiasr St") && part.contains("https://shop.example"))
        }
    }

    @Test func eachFieldFallsBackOnItsOwn() throws {
        // fa-AF: its own url, the Persian name and address.
        let afghan = try birthdayMail("fa-AF")
        #expect(afghan.from?.displayName == "فروشگاه سحاب")
        #expect(afghan.text?.contains("https://shop.example/af") == true && afghan.text?.contains("تهران، خیابان ولیعصر") == true)
        // ar: the Arabic name, the shop's own address.
        let arabic = try birthdayMail("ar-SA")
        #expect(arabic.from?.displayName == "متجر سحاب")
        #expect(arabic.text?.contains("فريق متجر سحاب") == true && arabic.text?.contains("12 Valiasr St, Tehran") == true)
        // de-DE reads the English version: the shop's own name.
        let german = try birthdayMail("de-DE")
        #expect(german.from?.displayName == "Shop" && german.from?.addrSpec == "hello@shop.example")
        #expect(german.text?.contains("Everyone at Shop wishes") == true)
    }

    @Test func aFromNameOtherThanTheShopsIsLeftAsWritten() throws {
        var shop = Self.shop
        shop.name = "Sahab"
        let composer = try sampleComposer([campaign("birthday", birthday())], shop: shop)
        #expect(composer.sender(showing: "فروشگاه سحاب") == composer.envelope.from)
        #expect(composer.envelope.from.displayName == "Shop")
    }
}
