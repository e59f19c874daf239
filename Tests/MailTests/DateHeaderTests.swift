import Foundation
import Testing
@testable import Mail

@Suite("Date header")
struct DateHeaderTests {
    @Test("the date is written in the message's time zone with its offset", arguments: [
        ("Asia/Tehran", 1_795_411_800, "Mon, 23 Nov 2026 09:00:00 +0330"),
        ("America/St_Johns", 1_795_411_800, "Mon, 23 Nov 2026 02:00:00 -0330"),
        ("America/St_Johns", 1_782_907_200, "Wed, 01 Jul 2026 09:30:00 -0230"),
        ("Asia/Kathmandu", 1_795_411_800, "Mon, 23 Nov 2026 11:15:00 +0545"),
        ("UTC", 1_796_458_029, "Sat, 05 Dec 2026 08:07:09 +0000"),
        ("America/Los_Angeles", 1_796_458_029, "Sat, 05 Dec 2026 00:07:09 -0800"),
        ("Pacific/Kiritimati", 1_796_458_029, "Sat, 05 Dec 2026 22:07:09 +1400"),
    ])
    func dateHeader(zone: String, seconds: Int, expected: String) throws {
        let message = try MailFixtures.message(date: Date(timeIntervalSince1970: TimeInterval(seconds)), timeZone: MailFixtures.zone(zone))
        let (bytes, check) = try MailFixtures.composeAndCheck(message)
        #expect(RawMessage(bytes).headerLines.first == "Date: \(expected)"[...])
        #expect(check.header("Date") == expected)
        #expect(check.count(of: "Date") == 1)
    }

    @Test("offsets are signed hours and minutes", arguments: [
        (0, "+0000"), (12_600, "+0330"), (-12_600, "-0330"), (20_700, "+0545"), (-36_000, "-1000"), (50_400, "+1400"),
    ])
    func offset(seconds: Int, expected: String) {
        #expect(RFC5322Date.offset(seconds) == expected)
    }
}
