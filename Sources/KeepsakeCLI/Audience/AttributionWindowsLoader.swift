import Campaigns
import Store

/// The attribution windows of the campaign files: `attribution_window` of calendar.yaml (7 days
/// unless set) and of each campaign. Campaign files that cannot be read leave their campaigns on
/// the calendar's window, and the command says so on standard error.
enum AttributionWindowsLoader {
    static func load(directory: String, command: String) -> AttributionWindows {
        let set = CampaignSet.load(directory: directory)
        var windows = AttributionWindows(
            defaultDays: set.calendar?.attributionWindowDays ?? CommunicationCalendar.defaultAttributionWindowDays)
        for campaign in set.campaigns {
            if let days = campaign.attributionWindowDays { windows.byCampaign[campaign.id] = days }
        }
        if !set.errors.isEmpty {
            printError("\(command): warning: the campaign files in \(directory) have \(set.errors.count) problem(s) "
                + "(`keepsake validate` lists them); campaigns that could not be read use the attribution window of "
                + "\(windows.defaultDays) days")
        }
        return windows
    }
}
