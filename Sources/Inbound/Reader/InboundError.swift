/// Why an inbound message could not be read, with what the operator can do about it: a limit it
/// went past (named, with its value) or the place where its structure breaks.
public struct InboundError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, for code that reacts differently to each.
    public enum Code: String, Sendable, Hashable {
        /// Larger than ``InboundLimits/maximumMessageSize``: refused before parsing.
        case messageTooLarge
        /// MIME parts nested deeper than ``InboundLimits/maximumNestingDepth``.
        case nestingTooDeep
        /// More MIME parts than ``InboundLimits/maximumPartCount``.
        case tooManyParts
        /// More header fields in one header block than ``InboundLimits/maximumHeaderCount``.
        case tooManyHeaders
        /// A header field longer than ``InboundLimits/maximumHeaderLength`` once unfolded.
        case headerTooLong
        /// A header line that is neither `Name: value` nor a continuation.
        case malformedHeader
        /// A multipart part without a usable `boundary` parameter, or whose boundary never occurs.
        case malformedMultipart
        /// Nothing but white space, or no header at all.
        case emptyMessage
    }

    /// The kind of problem.
    public let code: Code
    /// What went wrong and what to do, such as `the message has 52428800 bytes; the limit is 26214400`.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
