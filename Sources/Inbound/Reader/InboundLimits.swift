/// The bounds within which an inbound message is read; each is named in the ``InboundError`` of a
/// message that goes past it. The defaults leave ample room for real reports (a DSN or ARF report
/// is a few kilobytes, with the returned message at most the size of what Keepsake sends).
public struct InboundLimits: Sendable, Hashable {
    /// The largest message read, in bytes (25 MiB): a larger one is refused before it is parsed.
    public var maximumMessageSize: Int
    /// How deep multipart and message/rfc822 parts may nest (20).
    public var maximumNestingDepth: Int
    /// How many MIME parts one message may hold in all (1,000).
    public var maximumPartCount: Int
    /// How many header fields one header block may hold (1,000).
    public var maximumHeaderCount: Int
    /// The longest header field once unfolded, in bytes (64 KiB).
    public var maximumHeaderLength: Int

    /// Limits with the defaults above, any of them overridden.
    public init(
        maximumMessageSize: Int = 25 * 1024 * 1024, maximumNestingDepth: Int = 20, maximumPartCount: Int = 1_000,
        maximumHeaderCount: Int = 1_000, maximumHeaderLength: Int = 64 * 1024
    ) {
        self.maximumMessageSize = maximumMessageSize
        self.maximumNestingDepth = maximumNestingDepth
        self.maximumPartCount = maximumPartCount
        self.maximumHeaderCount = maximumHeaderCount
        self.maximumHeaderLength = maximumHeaderLength
    }
}
