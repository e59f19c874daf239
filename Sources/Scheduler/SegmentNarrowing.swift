import Campaigns
import Store

/// Narrows a campaign's audience to a store filter where its segment conditions allow, so that a
/// campaign for everyone (Nowruz, Eid) reads only the customers who can match rather than the
/// whole store. The filter selects a superset: every customer is still checked exactly.
enum SegmentNarrowing {
    /// A filter selecting at least every customer some segment of `campaign` matches, or nil
    /// when a segment cannot be narrowed (no condition, or only fields without a column).
    static func filter(for campaign: Campaign) -> CandidateFilter? {
        var any: [CandidateFilter] = []
        for segment in campaign.segments {
            guard let condition = segment.condition, let filter = filter(for: condition.expression) else { return nil }
            any.append(filter)
        }
        return any.count == 1 ? any[0] : .anyOf(any)
    }

    /// A filter selecting at least every customer `expression` matches, or nil when it cannot.
    static func filter(for expression: SegmentExpression) -> CandidateFilter? {
        switch expression {
        case let .and(left, right):
            switch (filter(for: left), filter(for: right)) {
            case let (left?, right?): return .allOf([left, right])
            case let (left?, nil): return left
            case let (nil, right?): return right
            case (nil, nil): return nil
            }
        case let .or(left, right):
            guard let left = filter(for: left), let right = filter(for: right) else { return nil }
            return .anyOf([left, right])
        case let .comparison(field, .equal, .text(value)):
            return column(field).map { .textIn($0, [value]) }
        case let .membership(field, values, negated: false):
            var texts: Set<String> = []
            for value in values {
                guard case .text(let text) = value else { return nil }
                texts.insert(text)
            }
            return column(field).map { .textIn($0, texts) }
        case .not, .exists, .comparison, .membership, .contains:
            return nil
        }
    }

    /// The column holding a text field exactly as segments compare it.
    private static func column(_ field: SegmentField) -> CustomerTextColumn? {
        switch field {
        case .calendar: .calendar
        case .country: .country
        case .locale: .locale
        case .timeZone: .timeZone
        default: nil
        }
    }
}
