import Calendars
import Campaigns
import Foundation
import Scheduler
import Store

/// `keepsake-bench --plan-date DAY --database FILE`: what planning one local day over a store
/// costs, without composing a message. The planner is the daemon's and `keepsake preview`'s,
/// with an empty send ledger (a fresh store's), over the campaign files of `--campaigns`.
enum PlanningBench {
    /// Plans `day` from `now` and prints one `plan day=… entries=… planned=… seconds=…
    /// cpu_seconds=…` line: every entry handed over, how many are planned, wall clock and CPU.
    static func run(day: LocalDate, now: Date, database: String, campaignsDirectory: String) throws {
        let set = CampaignSet.load(directory: campaignsDirectory)
        guard set.errors.isEmpty, let calendar = set.calendar else {
            throw TransportBenchError(
                "the campaign files in \(campaignsDirectory) have errors: "
                    + set.errors.map(\.description).joined(separator: "; "))
        }
        let store = try KeepsakeStore(path: database, mode: .mustExist)
        let planner = Planner(calendar: calendar, campaigns: set.campaigns, store: store, history: InMemoryDeliveryHistory())
        var entries = 0
        var planned = 0
        let cpuBefore = processCPUSeconds()
        let elapsed = try ContinuousClock().measure {
            try planner.plan(now: now, days: day...day) { delivery in
                entries += 1
                if delivery.status == .planned { planned += 1 }
            }
        }
        let cpu = processCPUSeconds() - cpuBefore
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("plan day=\(day) entries=\(entries) planned=\(planned) seconds=\(String(format: "%.3f", seconds)) "
            + "cpu_seconds=\(String(format: "%.3f", cpu))")
    }
}

/// The CPU time the whole process has used, in seconds.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
