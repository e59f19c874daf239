import Foundation
import Store

/// The body of the preference centre's POST to `/u/TOKEN/preferences`, as its HTML form sends
/// it (`application/x-www-form-urlencoded`):
///
/// - `pause=none`, `pause=30` or `pause=90`, exactly once (the radio buttons);
/// - `topic=ID` for each topic kept (a checkbox per topic of the calendar; a topic absent is left);
/// - `frequency=monthly` for "at most one mail a month" (absent: as often as the calendar allows);
/// - `leave=everything` to withdraw consent altogether (the other fields are then ignored).
enum PreferenceForm {
    /// Why a body is not a preference form, said to the client (naming the field).
    struct Refusal: Error, Equatable {
        let message: String
    }

    /// The largest body read, in bytes; a larger one gets 413.
    static let maximumBodySize = 8 * 1_024
    /// The most fields a body may hold.
    static let mostFields = 64
    /// The pauses the form offers, in days.
    static let pauses = [30, 90]

    /// The choices in `body`, of type `contentType`, for a calendar with `topics`.
    static func choices(_ body: [UInt8], contentType: String?, topics: [String]) throws(Refusal) -> PreferenceChoices {
        guard MediaTypeHeader(contentType ?? "").essence == "application/x-www-form-urlencoded" else {
            throw Refusal(message: "expected the preference form as application/x-www-form-urlencoded, got Content-Type "
                + (contentType.map { "\"\($0)\"" } ?? "none"))
        }
        guard let text = String(validating: body, as: UTF8.self) else { throw Refusal(message: "the form is not UTF-8 text") }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let pairs = trimmed.isEmpty ? [] : trimmed.split(separator: "&", omittingEmptySubsequences: false)
        guard pairs.count <= mostFields else {
            throw Refusal(message: "the form has \(pairs.count) fields; it has at most \(mostFields)")
        }
        var kept: Set<String> = []
        var pause: String?
        var frequency = MailFrequency.any
        var leave = false
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decoded(parts[0]), let value = parts.count > 1 ? decoded(parts[1]) : "" else {
                throw Refusal(message: "the field \"\(String(pair.prefix(40)))\" is not percent-encoded correctly")
            }
            switch name {
            case "topic":
                guard topics.contains(value) else {
                    throw Refusal(message: "field topic: unknown topic \"\(value.prefix(40))\"; the topics are "
                        + (topics.isEmpty ? "none" : topics.joined(separator: ", ")))
                }
                kept.insert(value)
            case "pause":
                guard pause == nil else { throw Refusal(message: "field pause: given twice; choose one pause") }
                guard value == "none" || pauses.map(String.init).contains(value) else {
                    throw Refusal(message: "field pause: \"\(value.prefix(40))\" is not none, 30 or 90 (days)")
                }
                pause = value
            case "frequency":
                guard let chosen = MailFrequency(rawValue: value) else {
                    throw Refusal(message: "field frequency: \"\(value.prefix(40))\" is not any or monthly")
                }
                frequency = chosen
            case "leave":
                guard value == "everything" else {
                    throw Refusal(message: "field leave: \"\(value.prefix(40))\" is not everything")
                }
                leave = true
            default:
                throw Refusal(message: "unknown field \"\(name.prefix(40))\"; the form has topic, pause, frequency and leave")
            }
        }
        guard let pause else { throw Refusal(message: "field pause: missing; send pause=none, pause=30 or pause=90") }
        return PreferenceChoices(
            topicsKept: kept, topics: topics, pauseDays: Int(pause), frequency: frequency, leaveEverything: leave)
    }

    /// A form component with `+` as space and %XX decoded; nil when its percent-encoding is broken.
    private static func decoded(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
