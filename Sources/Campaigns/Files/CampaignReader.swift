import Calendars
internal import StrictYAML

/// Reads one `campaigns/<id>.yaml`, recording every problem rather than stopping at the first.
struct CampaignReader {
    static let keys: Set<String> = ["id", "name", "trigger", "grace", "segments", "coupon", "holdout", "enabled", "start", "end",
                                    "catch_up", "attribution_window", "cooldown", "topic"]
    static let segmentKeys: Set<String> = ["name", "where", "template", "coupon"]
    static let couponKeys: Set<String> = ["prefix", "percent", "valid_days"]
    /// What a segment's `coupon:` may change: the prefix stays the campaign's, so codes stay unique.
    static let segmentCouponKeys: Set<String> = ["percent", "valid_days"]
    static let graceDays = 0...365
    /// How far back an order may look for the Keepsake message that brought it: 1 to 90 days.
    static let attributionWindowDays = 1...90
    /// The holdout share's bounds, in hundredths of a per cent (0 % to 50 %).
    static let holdoutBasisPoints = 0...5_000

    let contents: String
    let file: String
    /// The id the file name requires (`winback-1` for `winback-1.yaml`).
    let expectedID: String

    func read() -> (campaign: Campaign?, problems: ProblemCollector) {
        var problems = ProblemCollector()
        guard let root = problems.attempt({ try YAMLDocument(contents: contents, file: file).rootMapping() }) else {
            return (nil, problems)
        }
        root.unknownKeyErrors(allowed: Self.keys, hints: ["on": "write the trigger as trigger: {date: 2026-11-27}"]).forEach { problems.record($0) }
        let id = problems.attempt { try readID(root) }
        let name = problems.attempt { try root.required("name", example: "Birthday surprise").string() }
        let trigger = problems.attempt { try TriggerReader.read(root.required("trigger", example: "{yearly: birthday, days_before: 0}")) }
        let grace = problems.attempt { try root.value(for: "grace").map(Self.grace) ?? 0 }
        let cooldown = problems.attempt { try root.value(for: "cooldown").map(Self.cooldown) }
        let coupon = problems.attempt { try root.value(for: "coupon").map(Self.coupon) }
        let segments = readSegments(root, coupon: coupon ?? nil, problems: &problems)
        let window = problems.attempt { try root.value(for: "attribution_window").map(Self.attributionWindow) }
        let holdout = problems.attempt { try root.value(for: "holdout").map(Self.holdout) ?? 0 }
        let enabled = problems.attempt { try root.value(for: "enabled")?.bool() ?? true }
        let start = problems.attempt { try root.value(for: "start")?.localDate() }
        let end = problems.attempt { try root.value(for: "end")?.localDate() }
        let catchUp = problems.attempt { try root.value(for: "catch_up")?.bool() ?? false }
        let topic = problems.attempt {
            try root.value(for: "topic")?.identifier(what: "the topic", example: "offers")
        }
        if let start = start ?? nil, let end = end ?? nil, end < start {
            problems.record(root.error(at: "end", .invalidValue, "the campaign ends on \(end), before it starts on \(start)"))
        }
        guard !problems.hasErrors, let id, let name, let trigger, let grace, let cooldown, let segments, let coupon, let holdout,
              let enabled, let start, let end, let catchUp, let window, let topic else { return (nil, problems) }
        var campaign = Campaign(
            id: id, name: name, trigger: trigger, graceDays: grace, segments: segments, coupon: coupon,
            holdoutBasisPoints: holdout, isEnabled: enabled, start: start, end: end, catchUp: catchUp, cooldownDays: cooldown,
            file: file, topic: topic)
        campaign.attributionWindowDays = window
        return (campaign, problems)
    }

    private func readID(_ root: YAMLMapping) throws(YAMLError) -> String {
        let value = try root.required("id", example: expectedID)
        let id = try value.identifier(what: "the campaign id", example: "winback-1").text
        guard id == expectedID else {
            throw value.error(.invalidValue, "the id \(id) differs from the file name; write id: \(expectedID), or rename the file to \(id).yaml and list it so in calendar.yaml")
        }
        return id
    }

    /// `grace:` in whole days, such as `0d` or `3d`, 0 to 365.
    static func grace(_ value: YAMLValue) throws(YAMLError) -> Int {
        try wholeDays(value, what: "a grace", example: "0d or 3d", range: graceDays)
    }

    /// `attribution_window: 7d`: how many days before an order a sent message may have brought it.
    static func attributionWindow(_ value: YAMLValue) throws(YAMLError) -> Int {
        try wholeDays(value, what: "an attribution window", example: "7d or 14d", range: attributionWindowDays)
    }

    /// `cooldown:` in whole days, such as `60d`: no second mail of the campaign to a customer within them.
    static func cooldown(_ value: YAMLValue) throws(YAMLError) -> Int {
        try wholeDays(value, what: "a cooldown", example: "30d or 60d", range: SpacingRules.dayLimit)
    }

    /// A count of whole days written with the unit `d`, within `range`.
    static func wholeDays(
        _ value: YAMLValue, what: String, example: String, range: ClosedRange<Int>
    ) throws(YAMLError) -> Int {
        let text = try value.string()
        let digits = text.hasSuffix("d") ? String(text.dropLast()) : ""
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let days = Int(digits) else {
            var hint = ""
            if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                hint = " (add the unit d: \(text)d)"
            } else if text.hasSuffix("h") || text.hasSuffix("w") || text.hasSuffix("m") {
                hint = " (\(what) is counted in whole days: write it with d)"
            }
            throw value.error(.invalidValue, "expected \(what) in whole days such as \(example), got \"\(text)\"\(hint)")
        }
        guard range.contains(days) else {
            let size = days < range.lowerBound ? "too short" : "too long"
            throw value.error(.invalidValue, "\(what) of \(days) days is \(size); give \(range.lowerBound)d to \(range.upperBound)d")
        }
        return days
    }

    /// `N%`: the holdout share, 0 % to 50 % with at most two decimals (`10%`, `2.5%`), in basis points.
    static func holdout(_ value: YAMLValue) throws(YAMLError) -> Int {
        let text = try value.string()
        let number = text.hasSuffix("%") ? String(text.dropLast()) : text
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let digitsOnly = parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard text.hasSuffix("%"), digitsOnly, parts[0].count <= 3, parts.count == 1 || parts[1].count <= 2,
              let whole = Int(parts[0]) else {
            let hint = digitsOnly && !text.hasSuffix("%") ? " (add the per cent sign: \(text)%)" : ""
            throw value.error(.invalidValue, "expected a holdout share such as 10% or 2.5%, got \"\(text)\"\(hint)")
        }
        let hundredths = parts.count == 2 ? Int(parts[1].padding(toLength: 2, withPad: "0", startingAt: 0))! : 0
        let basisPoints = whole * 100 + hundredths
        guard holdoutBasisPoints.contains(basisPoints) else {
            throw value.error(
                .invalidValue, "a holdout of \(text) is too large: give 0% to 50% (above half, the mailed group becomes the smaller one)")
        }
        return basisPoints
    }

    static func coupon(_ value: YAMLValue) throws(YAMLError) -> Coupon {
        let mapping = try value.mapping()
        if let error = mapping.unknownKeyErrors(allowed: couponKeys).first { throw error }
        let prefixValue = try mapping.required("prefix", example: "BDAY")
        let prefix = try prefixValue.string()
        guard (1...12).contains(prefix.count), prefix.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
            throw prefixValue.error(.invalidValue, "a coupon prefix is 1 to 12 upper-case letters A–Z or digits, such as BDAY; got \"\(prefix)\"")
        }
        let percent = try mapping.required("percent", example: "20").int(in: 1...100)
        let validDays = try mapping.required("valid_days", example: "14").int(in: 1...365)
        return Coupon(prefix: prefix, percent: percent, validDays: validDays)
    }

    /// A segment's `coupon: {percent: 15}`: the campaign's coupon with another percent or validity.
    static func segmentCoupon(_ value: YAMLValue, campaign: Coupon?) throws(YAMLError) -> Coupon {
        let mapping = try value.mapping()
        if let error = mapping.unknownKeyErrors(
            allowed: segmentCouponKeys, hints: ["prefix": "a segment's coupon keeps the campaign's prefix; set prefix: in the campaign's coupon:"]).first {
            throw error
        }
        guard let campaign else {
            throw value.error(.invalidValue, "a segment's coupon changes the campaign's coupon, and this campaign has none; "
                + "add coupon: {prefix: GIFT, percent: 10, valid_days: 14} to the campaign first")
        }
        let percent = try mapping.value(for: "percent")?.int(in: 1...100) ?? campaign.percent
        let validDays = try mapping.value(for: "valid_days")?.int(in: 1...365) ?? campaign.validDays
        return Coupon(prefix: campaign.prefix, percent: percent, validDays: validDays)
    }

    private func readSegments(_ root: YAMLMapping, coupon: Coupon?, problems: inout ProblemCollector) -> [Segment]? {
        guard let list = problems.attempt({ try root.required("segments", example: "[{name: everyone, template: birthday}]").elements() })
        else { return nil }
        guard !list.isEmpty else {
            problems.record(root.error(at: "segments", .missingKey, "a campaign needs at least one segment, such as - {name: everyone, template: birthday}"))
            return nil
        }
        var segments: [Segment] = []
        var names: [String: Int] = [:]
        var catchAll: String?
        var complete = true
        for element in list {
            guard let mapping = problems.attempt({ try element.mapping() }) else { complete = false; continue }
            mapping.unknownKeyErrors(allowed: Self.segmentKeys, hints: ["if": "write where:", "condition": "write where:"]).forEach { problems.record($0) }
            let nameValue = problems.attempt { try mapping.required("name", example: "vip") }
            let name = problems.attempt { try nameValue?.identifier(what: "the segment name", example: "vip") } ?? nil
            if let name, let nameValue, let line = names[name.text] {
                problems.record(nameValue.error(.invalidValue, "another segment of this campaign is already named \(name.text) (line \(line)); give each segment its own name"))
            }
            if let name { names[name.text] = name.location.line }
            if let catchAll, let name {
                problems.record(CampaignProblem(
                    .unreachableSegment, at: name.location,
                    "no customer reaches segment \(name.text): segment \(catchAll) above it has no where: and matches everyone", severity: .warning))
            }
            let template = problems.attempt { try mapping.required("template", example: "birthday").identifier(what: "the template name", example: "birthday-vip") }
            let condition = problems.attempt { try mapping.value(for: "where").map(self.condition) }
            let segmentCoupon = problems.attempt { try mapping.value(for: "coupon").map { value throws(YAMLError) in
                try Self.segmentCoupon(value, campaign: coupon)
            } }
            guard let name, let template, let condition, let segmentCoupon else { complete = false; continue }
            if condition == nil, catchAll == nil { catchAll = name.text }
            var segment = Segment(name: name.text, condition: condition, template: template)
            segment.coupon = segmentCoupon
            segments.append(segment)
        }
        return complete ? segments : nil
    }

    /// A `where:` condition, with a mistake reported at its own line and column in the file.
    private func condition(_ value: YAMLValue) throws -> SegmentCondition {
        let source = try value.string()
        do {
            return try SegmentCondition(parsing: source)
        } catch {
            let map = ScalarSourceMap(contents: contents)
            let position = map.position(ofOffset: error.offset, in: source, line: value.line, column: value.column)
            throw CampaignProblem(
                Self.code(of: error), at: SourceLocation(file: file, line: position.line, column: position.column),
                error.message, excerpt: error.excerpt(of: source))
        }
    }

    private static func code(of error: SegmentError) -> CampaignProblem.Code {
        switch error.code {
        case .unknownField: .unknownField
        case .typeMismatch, .invalidLiteral: .expressionType
        case .limitExceeded: .limitExceeded
        default: .expressionSyntax
        }
    }
}
