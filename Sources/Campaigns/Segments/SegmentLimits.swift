/// The limits of one `where:` condition, so that a hostile condition is refused with a positioned
/// error instead of exhausting the stack when it is read or when customers are matched against it.
public enum SegmentLimits {
    /// How many groups `( … )` and `not`s may be nested in one another.
    public static let maximumDepth = 32
    /// How many tests (`total_spent >= 1000`, `exists birthday`, …) one condition may have.
    public static let maximumTests = 1_000

    /// The error for the first `)` without its `(`, or for the outermost `(` never closed; nil when
    /// the parentheses balance. Past the depth limit this is the more useful message.
    static func unbalancedParenthesis(in tokens: [SegmentToken]) -> SegmentError? {
        var open: [SegmentToken] = []
        for token in tokens {
            switch token.kind {
            case .openParenthesis:
                open.append(token)
            case .closeParenthesis:
                guard open.popLast() != nil else {
                    return SegmentError(.syntax, "this ) has no matching (", at: token.offset)
                }
            default:
                break
            }
        }
        guard let unclosed = open.first else { return nil }
        return SegmentError(.syntax, "this ( is not closed; add ) at the end of its group", at: unclosed.offset)
    }
}
