import Foundation
import Testing
@testable import Store

/// Numbers read back from the store are the numbers Foundation reads from the same text: the
/// plain forms take a shorter path, which must give the same value, exponent and significand.
@Suite("Stored numbers read back as Foundation reads them")
struct StoredTextTests {
    @Test("plain, signed, long, zero, padded and other texts give Foundation's Decimal exactly", arguments: [
        "13408.04", "1.50", "1.500", "-1.50", "-5.5", "7", "100", "100.0", "0.01", "0.10", "00.10", "007",
        "1250000.5", "123456789012345.67", "999999999999999999", "9999999999999999999.5", "0", "0.00", "-0.00",
        "00.00", "1e3", "12abc", ".5", "5.", "--1", "",
    ])
    func decimalsMatchFoundation(text: String) {
        let foundation = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        let read = StoredText.decimal(text)
        #expect(read == foundation)
        #expect(read?.description == foundation?.description)
        #expect(read?.exponent == foundation?.exponent)
        #expect(read?.significand.description == foundation?.significand.description)
        #expect(read?.sign == foundation?.sign)
    }
}
