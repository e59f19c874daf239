import Testing
@testable import Reports

/// The two-proportion z-test on figures worked by hand, and the cases it leaves out.
@Suite struct ConversionTestTests {
    @Test func aWorkedExample() throws {
        // 200 of 1,000 mailed and 10 of 100 held out: d = 0.1; unpooled SE = √(0.16/1000 + 0.09/100) = 0.032558;
        // pooled p = 210/1100, SE = √(p(1−p)(1/1000 + 1/100)) = 0.041220; z = 2.4260; p-value = 0.015266.
        let test = ConversionTest(mailed: 1_000, mailedConversions: 200, heldOut: 100, heldOutConversions: 10)
        #expect(abs(test.difference! - 0.1) < 1e-12)
        let interval = try #require(test.confidenceInterval)
        #expect(abs(interval.lowerBound - (0.1 - 1.959964 * 0.0325576)) < 1e-6)
        #expect(abs(interval.upperBound - (0.1 + 1.959964 * 0.0325576)) < 1e-6)
        #expect(abs(test.z! - 2.42600) < 1e-4)
        #expect(abs(test.pValue! - 0.015266) < 1e-5)
    }

    @Test func anEmptyGroupOrNoVariationLeavesTheTestOut() {
        let noHoldout = ConversionTest(mailed: 50, mailedConversions: 5, heldOut: 0, heldOutConversions: 0)
        #expect(noHoldout.heldOutRate == nil && noHoldout.difference == nil && noHoldout.pValue == nil && noHoldout.confidenceInterval == nil)
        let nobody = ConversionTest(mailed: 50, mailedConversions: 0, heldOut: 20, heldOutConversions: 0)
        #expect(nobody.difference == 0 && nobody.z == nil && nobody.pValue == nil && nobody.confidenceInterval == nil)
    }
}
