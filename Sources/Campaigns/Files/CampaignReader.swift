import Calendars
internal import StrictYAML

/// Reads one `campaigns/<id>.yaml`, recording every problem rather than stopping at the first.
struct CampaignReader {
    static let keys: Set<String> = ["id", "name", "trigger", "grace", "segments", "coupon", "enabled", "start", "end", "catch_up", "topic"]
    static let segmentKeys: Set<String> = ["name", "where", "template"]
    static let couponKeys: Set<String> = ["prefix", "percent", "valid_days"]
    static let graceDays = 0...365

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
        let segments = readSegments(root, problems: &problems)
        let coupon = problems.attempt { try root.value(for: "coupon").map(Self.coupon) }
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
        guard !problems.hasErrors, let id, let name, let trigger, let grace, let segments, let coupon, let enabled,
              let start, let end, let catchUp, let topic else { return (nil, problems) }
        let campaign = Campaign(
            id: id, name: name, trigger: trigger, graceDays: grace, segments: segments, coupon: coupon,
            isEnabled: enabled, start: start, end: end, catchUp: catchUp, file: file, topic: topic)
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

    /// `Nd`: whole days, such as `0d` or `3d`.
    static func grace(_ value: YAMLValue) throws(YAMLError) -> Int {
        let text = try value.string()
        let digits = text.hasSuffix("d") ? String(text.dropLast()) : ""
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let days = Int(digits) else {
            var hint = ""
            if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
                hint = " (add the unit d: \(text)d)"
            } else if text.hasSuffix("h") || text.hasSuffix("w") || text.hasSuffix("m") {
                hint = " (grace is counted in whole days: write it with d)"
            }
            throw value.error(.invalidValue, "expected a grace in whole days such as 0d or 3d, got \"\(text)\"\(hint)")
        }
        guard graceDays.contains(days) else {
            throw value.error(.invalidValue, "a grace of \(days) days is too long; give 0d to 365d")
        }
        return days
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

    private func readSegments(_ root: YAMLMapping, problems: inout ProblemCollector) -> [Segment]? {
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
            guard let name, let template, let condition else { complete = false; continue }
            if condition == nil, catchAll == nil { catchAll = name.text }
            segments.append(Segment(name: name.text, condition: condition, template: template))
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
