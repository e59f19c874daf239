import Foundation
import StrictYAML

/// How `keepsake run` works (`daemon.*`).
public struct DaemonSettings: Sendable, Hashable {
    /// What to do with a message whose fate at the relay is unknown (`daemon.in_doubt`).
    public enum InDoubt: String, Sendable, Hashable {
        /// Keep it in doubt until an operator settles it (`keepsake deliveries resolve`): never a duplicate.
        case hold
        /// Send it again: a possible duplicate rather than a possible loss.
        case resend
    }

    /// The time between two ticks (`daemon.tick`, default 60 s).
    public var tick: Duration
    /// The in-doubt policy (`daemon.in_doubt`, default hold).
    public var inDoubt: InDoubt
    /// How long a stop waits for the messages in flight (`daemon.drain_timeout`, default 60 s).
    public var drainTimeout: Duration
    /// How long the relay may fail to answer before `keepsake status`, `/healthz` and `/metrics`
    /// raise the alarm (`daemon.relay_alarm`, default 15 min). Sending is never paused for it.
    public var relayAlarm: Duration
    /// The folder with calendar.yaml and the campaign files (`daemon.campaigns`).
    public var campaignsDirectory: String
    /// The folder with the templates (`daemon.templates`).
    public var templatesDirectory: String
    /// How many hard bounces in a row with one reply (addresses left out) pause sending and wait
    /// for the operator instead of suppressing (`daemon.suppression_breaker`, 1 to 1000, default 20).
    public var suppressionBreaker: Int

    public init(
        tick: Duration = .seconds(60), inDoubt: InDoubt = .hold, drainTimeout: Duration = .seconds(60),
        relayAlarm: Duration = .seconds(15 * 60), campaignsDirectory: String = "campaigns", templatesDirectory: String = "templates",
        suppressionBreaker: Int = 20
    ) {
        self.tick = tick
        self.inDoubt = inDoubt
        self.drainTimeout = drainTimeout
        self.relayAlarm = relayAlarm
        self.campaignsDirectory = campaignsDirectory
        self.templatesDirectory = templatesDirectory
        self.suppressionBreaker = suppressionBreaker
    }

    static func read(_ settings: SettingsReader) throws(YAMLError) -> DaemonSettings {
        DaemonSettings(
            tick: try settings.duration("daemon.tick", default: .seconds(60)),
            inDoubt: InDoubt(rawValue: try settings.value("daemon.in_doubt")?.oneOf(["hold", "resend"]) ?? "hold") ?? .hold,
            drainTimeout: try settings.duration("daemon.drain_timeout", default: .seconds(60)),
            relayAlarm: try settings.duration("daemon.relay_alarm", default: .seconds(15 * 60)),
            campaignsDirectory: try settings.value("daemon.campaigns")?.string() ?? "campaigns",
            templatesDirectory: try settings.value("daemon.templates")?.string() ?? "templates",
            suppressionBreaker: try settings.value("daemon.suppression_breaker")?.int(in: 1...1_000) ?? 20)
    }
}

extension SettingsReader {
    /// A duration setting of at least one second, or `fallback` when it is not given.
    func duration(_ key: String, default fallback: Duration) throws(YAMLError) -> Duration {
        guard let value = value(key) else { return fallback }
        let duration = try value.duration()
        guard duration >= .seconds(1) else {
            throw value.error(.invalidValue, "expected at least 1s, such as 60s or 5m")
        }
        return duration
    }
}
