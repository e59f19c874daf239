import Calendars

/// One campaign, read from `campaigns/<id>.yaml`:
///
/// ```yaml
/// id: birthday
/// name: Birthday surprise
/// trigger: {yearly: birthday, days_before: 0}
/// grace: 0d
/// topic: birthdays                 # one of the calendar's topics, when it lists any
/// segments:
///   - {name: vip, where: "total_spent >= 1000 and orders_count >= 5", template: birthday-vip, coupon: {percent: 15}}
///   - {name: everyone, template: birthday}
/// coupon: {prefix: BDAY, percent: 10, valid_days: 14}
/// attribution_window: 7d
/// holdout: 10%
/// enabled: true
/// catch_up: false
/// cooldown: 60d       # optional: no second mail of this campaign to a customer within 60 days
/// ```
public struct Campaign: Hashable, Sendable {
    /// The campaign's id, equal to its file name without `.yaml`; part of every occurrence's identity.
    public var id: String
    /// A name for people, such as `Birthday surprise`.
    public var name: String
    /// When the campaign is due for a customer.
    public var trigger: Trigger
    /// How many days after its due day a delivery may still go out (`grace: 2d`); 0 means the due day only.
    public var graceDays: Int
    /// The segments in order: a customer gets the first that matches, or nothing.
    public var segments: [Segment]
    /// The coupon each delivery carries, if any.
    public var coupon: Coupon?
    /// The share of eligible deliveries kept from being mailed as the report's baseline (`holdout: 10%`),
    /// in hundredths of a per cent: 0 (no holdout) to 5,000 (50 %).
    public var holdoutBasisPoints: Int
    /// The kill switch: a disabled campaign plans nothing.
    public var isEnabled: Bool
    /// The first local date on which it may run, if bounded.
    public var start: LocalDate?
    /// The last local date on which it may run, if bounded.
    public var end: LocalDate?
    /// Whether an overdue occurrence whose grace has passed is still planned once.
    public var catchUp: Bool
    /// How many days after one of its mails to a customer the next may go out at the earliest
    /// (`cooldown: 60d`); nil: no cooldown.
    public var cooldownDays: Int?
    /// The campaign's file.
    public var file: String
    /// `attribution_window: 7d`: how many days after a sent message an order of its customer is
    /// credited to it; nil takes the calendar's (7 days by default).
    public var attributionWindowDays: Int?
    /// The topic it belongs to (`topic: offers`), with where it was written; required when the
    /// calendar lists topics. A customer who left the topic gets none of its mail.
    public var topic: LocatedText?

    /// Creates a campaign.
    public init(
        id: String, name: String, trigger: Trigger, graceDays: Int = 0, segments: [Segment], coupon: Coupon? = nil,
        holdoutBasisPoints: Int = 0, isEnabled: Bool = true, start: LocalDate? = nil, end: LocalDate? = nil, catchUp: Bool = false,
        cooldownDays: Int? = nil, file: String, topic: LocatedText? = nil
    ) {
        self.topic = topic
        self.id = id
        self.name = name
        self.trigger = trigger
        self.graceDays = graceDays
        self.segments = segments
        self.coupon = coupon
        self.holdoutBasisPoints = holdoutBasisPoints
        self.isEnabled = isEnabled
        self.start = start
        self.end = end
        self.catchUp = catchUp
        self.cooldownDays = cooldownDays
        self.file = file
    }

    /// The coupon of a delivery to segment `segmentName`: the segment's own `coupon:` when it has
    /// one, else the campaign's; nil when the campaign gives none.
    public func coupon(forSegment segmentName: String) -> Coupon? {
        segments.first { $0.name == segmentName }?.coupon ?? coupon
    }

    /// The first segment `subject` matches, or nil when none does.
    public func segment(for subject: some SegmentSubject) -> Segment? {
        segments.first { $0.condition?.matches(subject) ?? true }
    }

    /// Whether the campaign may run on `date`: enabled and within its start and end.
    public func isActive(on date: LocalDate) -> Bool {
        isEnabled && start.map { $0 <= date } ?? true && end.map { date <= $0 } ?? true
    }

    /// Whether it is a win-back campaign: triggered ``winBackMinimumDays`` days or more after the
    /// last order (a shorter delay is a post-purchase follow-up, such as a feedback request after 7 days).
    /// The report counts the customers such a campaign brought back.
    public var isWinBack: Bool {
        if case .after(field: .lastOrderAt, let days) = trigger { days >= Self.winBackMinimumDays } else { false }
    }

    /// The shortest delay after the last order of a win-back campaign, in days.
    public static let winBackMinimumDays = 30

    /// The customer fields the segment conditions read, in order of first use.
    public var segmentFields: [SegmentField] {
        var fields: [SegmentField] = []
        for field in segments.flatMap({ $0.condition?.fields ?? [] }) where !fields.contains(field) {
            fields.append(field)
        }
        return fields
    }
}

/// One audience of a campaign and the template it receives.
public struct Segment: Hashable, Sendable {
    /// The segment's name, unique in its campaign, such as `vip`.
    public var name: String
    /// Who belongs; nil (no `where:`) matches every customer.
    public var condition: SegmentCondition?
    /// The template's name, such as `birthday-vip`, with where it was written (for "template not found").
    public var template: LocatedText
    /// The segment's coupon when its `coupon:` changes the campaign's (15 % for VIPs, say); nil
    /// means the campaign's coupon.
    public var coupon: Coupon?

    /// Creates a segment.
    public init(name: String, condition: SegmentCondition?, template: LocatedText) {
        self.name = name
        self.condition = condition
        self.template = template
    }
}

/// The coupon a campaign's deliveries carry: a code `PREFIX-…` derived per customer and occurrence.
public struct Coupon: Hashable, Sendable {
    /// Upper-case letters and digits the code starts with, such as `BDAY`.
    public var prefix: String
    /// The discount, 1–100 per cent.
    public var percent: Int
    /// How many days the code stays valid after the delivery's due day.
    public var validDays: Int

    /// Creates a coupon.
    public init(prefix: String, percent: Int, validDays: Int) {
        self.prefix = prefix
        self.percent = percent
        self.validDays = validDays
    }
}
