import Foundation
import StrictYAML

/// When a campaign pauses by itself (`inbound.campaign_pause.*`): its complaint rate reaches
/// `complaint_rate` or its hard-bounce rate reaches `hard_bounce_rate`, over at least
/// `minimum_deliveries` deliveries of the last 30 days.
public struct CampaignPauseConfiguration: Sendable, Hashable {
    /// Percent, such as 0.3 for `0.3%` (`inbound.campaign_pause.complaint_rate`, default 0.3 %).
    public var complaintRate: Decimal
    /// Percent (`inbound.campaign_pause.hard_bounce_rate`, default 5 %).
    public var hardBounceRate: Decimal
    /// `inbound.campaign_pause.minimum_deliveries`, default 1,000.
    public var minimumDeliveries: Int

    public static let standard = CampaignPauseConfiguration(
        complaintRate: Decimal(string: "0.3")!, hardBounceRate: 5, minimumDeliveries: 1_000)

    public init(complaintRate: Decimal, hardBounceRate: Decimal, minimumDeliveries: Int) {
        self.complaintRate = complaintRate
        self.hardBounceRate = hardBounceRate
        self.minimumDeliveries = minimumDeliveries
    }

    static func read(_ settings: SettingsReader) throws(YAMLError) -> CampaignPauseConfiguration {
        CampaignPauseConfiguration(
            complaintRate: try settings.value("inbound.campaign_pause.complaint_rate").map(percent) ?? standard.complaintRate,
            hardBounceRate: try settings.value("inbound.campaign_pause.hard_bounce_rate").map(percent) ?? standard.hardBounceRate,
            minimumDeliveries: try settings.value("inbound.campaign_pause.minimum_deliveries")?.int(in: 1...100_000_000)
                ?? standard.minimumDeliveries)
    }

    /// `0.3%` or `0.3 %` → 0.3: a percentage above 0 and at most 100, written with its `%`.
    static func percent(_ value: YAMLValue) throws(YAMLError) -> Decimal {
        let expected = "a percentage above 0 % and at most 100 %, such as 0.3%"
        let text = try value.string().trimmingCharacters(in: .whitespaces)
        guard text.hasSuffix("%") else {
            throw value.error(.invalidValue, "expected \(expected), got \"\(text)\" (write the % sign: 0.3% is three per thousand)")
        }
        let number = text.dropLast().trimmingCharacters(in: .whitespaces)
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }),
              let percent = Decimal(string: number, locale: Locale(identifier: "en_US_POSIX")),
              String(number.filter { $0 == "." }).count <= 1 else {
            throw value.error(.invalidValue, "expected \(expected), got \"\(text)\"")
        }
        guard percent > 0, percent <= 100 else {
            throw value.error(.invalidValue, "expected \(expected), got \(text)")
        }
        return percent
    }
}
