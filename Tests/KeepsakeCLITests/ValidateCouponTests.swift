import Foundation
import Testing

/// `keepsake validate` refuses a coupon a campaign does not give: `{{coupon.code}}` outside
/// `{{#coupon}}…{{/coupon}}` in a template of a campaign without `coupon:` would render nothing.
@Suite("keepsake validate: coupons")
struct ValidateCouponTests {
    typealias Copy = ValidateCommandTests.Copy
    static let anniversaryCoupon = "coupon: {prefix: ANNIV, percent: 10, valid_days: 30}\n"

    @Test func aCampaignWithoutACouponMayUseTemplatesThatShowOneOnlyInsideCouponSections() throws {
        let copy = try Copy()
        defer { copy.remove() }
        try copy.replace(Self.anniversaryCoupon, with: "", in: "campaigns/anniversary.yaml")
        let result = try copy.validate()
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    }

    @Test func aCouponOutsideACouponSectionIsAnErrorWhereTheTemplateWritesIt() throws {
        let copy = try Copy()
        defer { copy.remove() }
        try copy.replace(Self.anniversaryCoupon, with: "", in: "campaigns/anniversary.yaml")
        try copy.replace("{{#coupon}}\n", with: "کد شما: {{coupon.code}}\n{{#coupon}}\n", in: "templates/anniversary/fa/body.txt.mustache")
        try copy.replace("{{#coupon}}\n", with: "<p>{{>coupon_code}}</p>\n{{#coupon}}\n", in: "templates/anniversary/ar/body.html.mustache")
        let result = try copy.validate()
        #expect(result.status == 65)
        let output = result.standardOutput
        #expect(output.contains(
            "templates/anniversary/fa/body.txt.mustache:4:11: {{coupon.code}} shows nothing: the campaign at "
                + "\(copy.campaigns)/anniversary.yaml:6:61 uses this template and gives no coupon; add coupon: to the "
                + "campaign, or write it inside {{#coupon}}…{{/coupon}}"), "\(output)")
        #expect(output.contains(
            "templates/anniversary/ar/body.html.mustache:3:7: {{>coupon_code}} shows the coupon, and the campaign at "
                + "\(copy.campaigns)/anniversary.yaml:6:61 uses this template and gives no coupon"), "\(output)")
        #expect(result.standardError.contains("2 errors"), "\(result.standardError)")
    }

    @Test func theSameTemplateIsFineForACampaignThatGivesACoupon() throws {
        let copy = try Copy()
        defer { copy.remove() }
        try copy.replace("{{#coupon}}\n", with: "کد شما: {{coupon.code}}\n{{#coupon}}\n", in: "templates/anniversary/fa/body.txt.mustache")
        let result = try copy.validate()
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
    }
}
