import Testing
@testable import Templates

@Suite struct TemplateCheckerTests {
    private func problems(_ source: String, part: TemplatePart = .htmlBody) -> [String] {
        TemplateChecker(file: "t", part: part, partials: ["header", "footer"]).check(source).problems.map(\.description)
    }

    @Test func sectionsOpenTheirValuesNames() {
        let source = """
            {{#tags}}<li>{{.}}</li>{{/tags}}{{^tags}}none{{/tags}}
            {{#coupon}}{{code}} {{percent}} {{valid_until}} {{first_name}}{{/coupon}}
            {{#campaign}}{{.name}}{{/campaign}} {{attributes.vip_since}} {{#attributes}}{{city}}{{/attributes}}
            {{! a comment {{frist_name}} is not a tag }}{{#shop}}{{#name}}{{.}}{{/name}}{{/shop}}
            """
        #expect(problems(source) == [])
    }

    @Test func namesOutsideTheirSectionAreUnknown() {
        #expect(problems("<p>{{code}}</p>") == ["t:1:6: unknown variable 'code' (did you mean coupon.code?)"])
        #expect(problems("{{.name}}") == ["t:1:3: unknown variable '.name' (did you mean campaign.name?)"])
        #expect(problems("{{#tags}}{{.code}}{{/tags}}") == ["t:1:12: unknown variable '.code' (did you mean coupon.code?)"])
        #expect(problems("{{coupon.code.more}}") == ["t:1:3: unknown variable 'coupon.code.more' (did you mean coupon.code?)"])
        #expect(problems("{{unsubscribe}}") == ["t:1:3: unknown variable 'unsubscribe' (did you mean unsubscribe_url?)"])
    }

    /// An unknown section is reported once; the names inside it still resolve against the outer scopes.
    @Test func anUnknownSectionIsReportedOnce() {
        #expect(problems("{{#copon}}{{coupon.code}} {{first_name}}{{/copon}}")
            == ["t:1:4: unknown variable 'copon' (did you mean coupon?)"])
    }

    /// What a campaign without a coupon would show empty: coupon variables and partials outside
    /// every `{{#coupon…}}` section; inside one (or its own section tag) they are fine.
    @Test func couponUsesOutsideCouponSectionsAreRecorded() {
        let source = """
            {{#coupon}}{{code}} {{coupon.code}} {{>header}}{{/coupon}}{{coupon.code}}
            {{^coupon}}{{coupon.percent}}{{/coupon}}{{#coupon.valid_until}}{{coupon.valid_until}}{{/coupon.valid_until}}
            {{#tags}}{{coupon}}{{/tags}} {{>footer}}
            """
        let checked = TemplateChecker(file: "t", part: .htmlBody, partials: ["header", "footer"]).check(source)
        #expect(checked.problems == [])
        #expect(checked.couponUses.map { "\($0.position.line):\($0.position.column) \($0.name)" }
            == ["1:61 coupon.code", "2:14 coupon.percent", "3:12 coupon"])
        #expect(checked.unguardedPartials.map { "\($0.position.line):\($0.position.column) \($0.name)" } == ["3:33 footer"])
    }

    @Test func changedDelimitersAreFollowed() {
        let source = "{{=<% %>=}}\n<p><%frist_name%> {{not a tag}}</p>\n<%={{ }}=%>{{last_nme}}"
        #expect(problems(source) == [
            "t:2:6: unknown variable 'frist_name' (did you mean first_name?)",
            "t:3:14: unknown variable 'last_nme' (did you mean last_name?)",
        ])
    }

    @Test func positionsCountCharactersOfPersianText() {
        #expect(problems("سلام {{frist_name}} عزیز،\nتولدت مبارک {{shop.nme}}") == [
            "t:1:8: unknown variable 'frist_name' (did you mean first_name?)",
            "t:2:15: unknown variable 'shop.nme' (did you mean shop.name?)",
        ])
    }

    @Test func unescapedValuesAreAllowedOnlyInText() {
        #expect(problems("{{{first_name}}} {{&last_name}}", part: .textBody) == [])
        #expect(problems("{{{first_name}}}", part: .subject) == [])
        #expect(problems("{{{first_name}}}", part: .htmlPartial).count == 1)
        #expect(problems("{{& first_name}}", part: .layout).count == 1)
    }

    @Test func partialsAreCheckedByPart() {
        #expect(problems("{{>header}} {{> footer }}") == [])
        #expect(problems("{{>content}}", part: .layout) == [])
        #expect(problems("{{>heder}}", part: .layout)
            == ["t:1:4: unknown partial 'heder': there is no _layout/heder.html.mustache (did you mean header?)"])
        #expect(problems("{{>*dynamic}}") == [
            "t:1:1: dynamic partials ({{>*name}}) are not supported; name the partial, such as {{>footer}}",
        ])
        #expect(problems("{{>header}}", part: .subject).first?.contains("partials cannot be used in subjects") == true)
    }

    @Test func theUsedVariablesAndPartialsAreCollected() {
        let checked = TemplateChecker(file: "t", part: .layout, partials: ["footer"])
            .check("<html dir=\"{{dir}}\" lang=\"{{lang}}\">{{>content}}{{>footer}}{{#coupon}}{{code}}{{/coupon}}")
        #expect(checked.variables == ["dir", "lang", "coupon", "code"])
        #expect(checked.partials == ["content", "footer"])
    }

    @Test func suggestionsNeedToBeClose() {
        #expect(Spelling.closest(to: "frist_name", among: TemplateVariables.allNames) == "first_name")
        #expect(Spelling.closest(to: "shop.adress", among: TemplateVariables.allNames) == "shop.address")
        #expect(Spelling.closest(to: "xyz", among: TemplateVariables.allNames) == nil)
        #expect(Spelling.editDistance("kitten", "sitting") == 3)
        #expect(Spelling.editDistance("", "abc") == 3)
        #expect(TemplateVariables.allNames.contains("attributes.NAME"))
    }
}
