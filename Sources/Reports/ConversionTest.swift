import Foundation

/// The comparison of two groups' conversion rates: the mailed group (sent deliveries) against the
/// held-out group, by a two-proportion z-test.
///
/// With x₁ of n₁ mailed and x₂ of n₂ held-out deliveries converting, p₁ = x₁/n₁ and p₂ = x₂/n₂:
/// - the difference d = p₁ − p₂;
/// - its 95 % confidence interval d ± 1.959964 · √(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂) (unpooled standard error);
/// - the test of "no difference": pooled p = (x₁+x₂)/(n₁+n₂), z = d / √(p(1−p)(1/n₁ + 1/n₂)),
///   two-sided p-value = erfc(|z|/√2) = 2(1 − Φ(|z|)).
/// The interval and the test are absent when either group is empty or the standard error is 0
/// (everyone or no one converted in both groups).
public struct ConversionTest: Hashable, Sendable {
    /// Mailed deliveries and how many of them converted.
    public let mailed: Int, mailedConversions: Int
    /// Held-out deliveries and how many of them converted.
    public let heldOut: Int, heldOutConversions: Int

    /// The 97.5th percentile of the standard normal distribution.
    public static let criticalValue = 1.959964

    public init(mailed: Int, mailedConversions: Int, heldOut: Int, heldOutConversions: Int) {
        self.mailed = mailed
        self.mailedConversions = mailedConversions
        self.heldOut = heldOut
        self.heldOutConversions = heldOutConversions
    }

    /// p₁, nil without mailed deliveries.
    public var mailedRate: Double? { mailed > 0 ? Double(mailedConversions) / Double(mailed) : nil }
    /// p₂, nil without held-out deliveries.
    public var heldOutRate: Double? { heldOut > 0 ? Double(heldOutConversions) / Double(heldOut) : nil }

    /// p₁ − p₂.
    public var difference: Double? {
        guard let mailedRate, let heldOutRate else { return nil }
        return mailedRate - heldOutRate
    }

    /// The 95 % confidence interval of the difference (unpooled standard error).
    public var confidenceInterval: ClosedRange<Double>? {
        guard let mailedRate, let heldOutRate, let difference else { return nil }
        let standardError = (mailedRate * (1 - mailedRate) / Double(mailed) + heldOutRate * (1 - heldOutRate) / Double(heldOut)).squareRoot()
        guard standardError > 0 else { return nil }
        return (difference - Self.criticalValue * standardError)...(difference + Self.criticalValue * standardError)
    }

    /// The z statistic (pooled standard error).
    public var z: Double? {
        guard let difference else { return nil }
        let pooled = Double(mailedConversions + heldOutConversions) / Double(mailed + heldOut)
        let standardError = (pooled * (1 - pooled) * (1 / Double(mailed) + 1 / Double(heldOut))).squareRoot()
        guard standardError > 0 else { return nil }
        return difference / standardError
    }

    /// The two-sided p-value of z.
    public var pValue: Double? {
        z.map { erfc(abs($0) / 2.0.squareRoot()) }
    }
}
