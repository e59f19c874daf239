import Foundation
import IMAP
import Logging

/// Returned mail in an IMAP folder, read through libcurl (see ``IMAPClient``). An item's key is
/// `UIDVALIDITY/UID`, which names one message for as long as the folder exists: if the folder is
/// recreated its UIDVALIDITY changes, and no older key can touch a new message.
///
/// A message over the client's size limit is never read: it is moved to the kept-aside folder at
/// once (it has no effects to commit) and logged, and ``oversizedMessagesKeptAside`` counts it.
public struct IMAPSource: InboundSource {
    public let client: IMAPClient
    /// The folder read (usually INBOX).
    public let folder: IMAPFolderName
    /// Where messages go once acted on.
    public let processedFolder: IMAPFolderName
    /// Where unrecognised, unreadable and oversized messages go.
    public let keptAsideFolder: IMAPFolderName
    private let logger: Logger
    private let oversized = OversizedCounter()

    public init(client: IMAPClient, folder: IMAPFolderName, processedFolder: IMAPFolderName, keptAsideFolder: IMAPFolderName, logger: Logger = Logger(label: "keepsake.inbound.imap")) {
        self.client = client
        self.folder = folder
        self.processedFolder = processedFolder
        self.keptAsideFolder = keptAsideFolder
        self.logger = logger
    }

    public var description: String { "imap \(client.configuration.serverURL)/\(folder)" }

    /// Creates the processed and kept-aside folders where missing; call once before polling.
    public func prepare() async throws(IMAPError) {
        try await client.createIfMissing(processedFolder)
        try await client.createIfMissing(keptAsideFolder)
    }

    /// Messages kept aside unread because they were over the size limit, since this source was made.
    public var oversizedMessagesKeptAside: Int { oversized.value }

    public func waiting(limit: Int) async throws -> [InboundItem] {
        let (uidValidity, uids) = try await client.waiting(in: folder, limit: limit)
        var items: [InboundItem] = []
        for uid in uids {
            let bytes: [UInt8]
            do {
                bytes = try await client.fetch(uid, in: folder, uidValidity: uidValidity)
            } catch {
                let problem: IMAPError = error
                if problem.code == .messageMissing { continue } // moved away by someone else since the listing
                guard problem.code == .messageTooLarge else { throw problem }
                try await client.move(uid, in: folder, uidValidity: uidValidity, to: keptAsideFolder)
                oversized.add()
                logger.warning("inbound message kept aside unread", metadata: [
                    "source": "\(description)", "key": "\(uidValidity)/\(uid)", "reason": "\(problem.message)",
                ])
                continue
            }
            items.append(InboundItem(key: "\(uidValidity)/\(uid)", bytes: bytes))
        }
        return items
    }

    public func finish(_ item: InboundItem, as disposition: InboundDisposition) async throws {
        let (uidValidity, uid) = try Self.parse(item.key)
        let target = disposition == .processed ? processedFolder : keptAsideFolder
        try await client.move(uid, in: folder, uidValidity: uidValidity, to: target)
    }

    /// `UIDVALIDITY/UID` back into its numbers.
    static func parse(_ key: String) throws(IMAPError) -> (uidValidity: UInt32, uid: UInt32) {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let uidValidity = UInt32(parts[0]), let uid = UInt32(parts[1]) else {
            throw IMAPError(.invalidConfiguration, "\"\(key)\" is not an IMAP item key (UIDVALIDITY/UID)")
        }
        return (uidValidity, uid)
    }
}

/// A count shared by copies of a source.
private final class OversizedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add() { lock.withLock { count += 1 } }
}
