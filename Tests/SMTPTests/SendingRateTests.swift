import Testing
@testable import SMTP

@Suite("smtp.rate syntax")
struct SendingRateTests {
    @Test(arguments: [
        ("14/s", 14, nil, 14, "14/s"),
        ("50000/h", nil, 50_000, 50_000.0 / 3_600, "50000/h"),
        ("14/s, 50000/h", 14, 50_000, 50_000.0 / 3_600, "14/s, 50000/h"),
        ("50000/h,14/s", 14, 50_000, 50_000.0 / 3_600, "14/s, 50000/h"),
        (" 200 / s ", 200, nil, 200, "200/s"),
        ("0.5/s", 0.5, nil, 0.5, "0.5/s"),
        ("1/s, 100000/h", 1, 100_000, 1, "1/s, 100000/h"),
    ] as [(String, Double?, Double?, Double, String)])
    func rates(text: String, perSecond: Double?, perHour: Double?, messagesPerSecond: Double, written: String) throws {
        let rate = try SendingRate(parsing: text)
        #expect(rate.perSecond == perSecond)
        #expect(rate.perHour == perHour)
        #expect(rate.messagesPerSecond == messagesPerSecond, "the tighter limit in the long run")
        #expect(rate.description == written)
        #expect(try SendingRate(parsing: rate.description) == rate)
    }

    @Test(arguments: [
        ("", SendingRateError.Code.empty, "got an empty value"),
        ("   ", .empty, "got an empty value"),
        ("fast", .invalidSyntax, "got \"fast\" (\"fast\" is not a count, a slash and a unit)"),
        ("14", .invalidSyntax, "got \"14\" (\"14\" is not a count, a slash and a unit)"),
        ("14/s/h", .invalidSyntax, "got \"14/s/h\" (separate two limits with a comma)"),
        ("14/s,", .invalidSyntax, "got \"14/s,\" (\"\" is not a count, a slash and a unit)"),
        ("14/s; 50000/h", .invalidSyntax, "got \"14/s; 50000/h\" (separate two limits with a comma)"),
        ("14/s 50000/h", .invalidSyntax, "(separate two limits with a comma)"),
        ("14/min", .invalidUnit, "(the unit \"min\" is not s for per second or h for per hour)"),
        ("14/S", .invalidUnit, "(the unit \"S\" is not"),
        ("/s", .invalidCount, "(\"\" is not a number of messages)"),
        ("-5/s", .invalidCount, "(\"-5\" is not a number of messages)"),
        ("1e3/s", .invalidCount, "(\"1e3\" is not a number of messages)"),
        ("nan/s", .invalidCount, "(\"nan\" is not a number of messages)"),
        ("1.2.3/s", .invalidCount, "(\"1.2.3\" is not a number of messages)"),
        ("۱۴/s", .invalidCount, "(\"۱۴\" is not a number of messages)"),
        ("0/s", .invalidCount, "(the count must be more than zero; leave smtp.rate out for no limit)"),
        ("0.0/h", .invalidCount, "the count must be more than zero"),
        ("14/s, 20/s", .invalidSyntax, "(/s is given twice)"),
    ])
    func garbage(text: String, code: SendingRateError.Code, detail: String) {
        #expect {
            try SendingRate(parsing: text)
        } throws: { error in
            guard let error = error as? SendingRateError else { return false }
            return error.code == code && error.message.hasPrefix("expected a rate such as 14/s, 50000/h or \"14/s, 50000/h\"")
                && error.message.contains(detail)
        }
    }

    @Test func limitsMustBePositive() {
        #expect(throws: SendingRateError.self) { try SendingRate() }
        #expect(throws: SendingRateError.self) { try SendingRate(perSecond: 0) }
        #expect(throws: SendingRateError.self) { try SendingRate(perHour: .infinity) }
        #expect(throws: SendingRateError.self) { try SendingRate(perSecond: -.nan) }
    }
}
