/// How fast the relay lets Keepsake send: messages per second, per hour, or both (`smtp.rate`).
///
/// ```swift
/// let rate = try SendingRate(parsing: "14/s, 50000/h")
/// rate.messagesPerSecond   // 13.88…: the hourly limit is the tighter one in the long run
/// ```
public struct SendingRate: Sendable, Hashable, CustomStringConvertible {
    /// The most messages in one second, or nil for no per-second limit.
    public let perSecond: Double?
    /// The most messages in one hour, or nil for no per-hour limit.
    public let perHour: Double?

    /// A rate of `perSecond` messages a second and/or `perHour` messages an hour.
    ///
    /// - Throws: ``SendingRateError`` when both are nil, or one is not a positive finite number.
    public init(perSecond: Double? = nil, perHour: Double? = nil) throws(SendingRateError) {
        for (unit, count) in [("s", perSecond), ("h", perHour)] {
            if let count, !(count.isFinite && count > 0) {
                throw SendingRateError(.invalidCount, "\(Self.example): the count before /\(unit) must be more than zero, not \(count)")
            }
        }
        if perSecond == nil, perHour == nil {
            throw SendingRateError(.empty, "\(Self.example): give at least one limit")
        }
        self.perSecond = perSecond
        self.perHour = perHour
    }

    /// Reads `14/s`, `50000/h`, or both separated by a comma: `14/s, 50000/h`.
    ///
    /// Counts are positive numbers (`0.5/s` is one message every two seconds); the units are `s`
    /// (per second) and `h` (per hour), each at most once.
    ///
    /// - Throws: ``SendingRateError`` saying what part of `text` is wrong and what to write instead.
    public init(parsing text: String) throws(SendingRateError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmed }
        guard !text.trimmed.isEmpty else {
            throw SendingRateError(.empty, "\(Self.example), got an empty value")
        }
        var perSecond: Double?
        var perHour: Double?
        for part in parts {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmed }
            if pieces.count > 2 {
                throw SendingRateError(.invalidSyntax, "\(Self.example), got \(Self.quoted(text)) (separate two limits with a comma)")
            }
            guard pieces.count == 2 else {
                throw SendingRateError(.invalidSyntax, "\(Self.example), got \(Self.quoted(text)) (\(Self.quoted(part)) is not a count, a slash and a unit)")
            }
            guard let count = Self.count(pieces[0]) else {
                throw SendingRateError(.invalidCount, "\(Self.example), got \(Self.quoted(text)) (\(Self.quoted(pieces[0])) is not a number of messages)")
            }
            guard count > 0 else {
                throw SendingRateError(.invalidCount, "\(Self.example), got \(Self.quoted(text)) (the count must be more than zero; leave smtp.rate out for no limit)")
            }
            switch pieces[1] {
            case "s" where perSecond == nil: perSecond = count
            case "h" where perHour == nil: perHour = count
            case "s", "h":
                throw SendingRateError(.invalidSyntax, "\(Self.example), got \(Self.quoted(text)) (/\(pieces[1]) is given twice)")
            default:
                throw SendingRateError(.invalidUnit, "\(Self.example), got \(Self.quoted(text)) (the unit \(Self.quoted(pieces[1])) is not s for per second or h for per hour)")
            }
        }
        try self.init(perSecond: perSecond, perHour: perHour)
    }

    /// The rate this allows in the long run, in messages per second: the tighter of the two limits.
    public var messagesPerSecond: Double {
        min(perSecond ?? .infinity, (perHour ?? .infinity) / 3_600)
    }

    /// `14/s, 50000/h`, as it would be written in the configuration.
    public var description: String {
        [perSecond.map { "\(Self.format($0))/s" }, perHour.map { "\(Self.format($0))/h" }].compactMap { $0 }.joined(separator: ", ")
    }

    static let example = "expected a rate such as 14/s, 50000/h or \"14/s, 50000/h\""

    /// A decimal number without sign, exponent, infinity or NaN: `14`, `0.5`.
    private static func count(_ text: String) -> Double? {
        let dots = text.count { $0 == "." }
        guard !text.isEmpty, dots <= 1, text != ".", text.allSatisfy({ $0 == "." || ($0.isASCII && $0.isNumber) }) else { return nil }
        return Double(text)
    }

    private static func quoted(_ text: String) -> String { "\"\(text)\"" }

    /// `14` for whole numbers, `0.5` otherwise.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// Why a sending rate was refused.
public struct SendingRateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier for the kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case empty, invalidSyntax, invalidCount, invalidUnit
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        public var description: String { base.rawValue }

        /// No limit at all was given.
        public static let empty = Code(.empty)
        /// A part is not `COUNT/UNIT`, or a unit is given twice.
        public static let invalidSyntax = Code(.invalidSyntax)
        /// A count is not a positive number.
        public static let invalidCount = Code(.invalidCount)
        /// A unit is neither `s` nor `h`.
        public static let invalidUnit = Code(.invalidUnit)
    }

    /// What kind of problem this is.
    public let code: Code
    /// What is wrong and what to write instead.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension StringProtocol {
    /// The text without spaces and tabs around it.
    var trimmed: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
