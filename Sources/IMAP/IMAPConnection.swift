import CCurl
import CCurlShim

/// One logged-in IMAP session over a long-lived libcurl handle: the folder operations Keepsake's
/// inbound sources need. libcurl selects a folder when a command names one that is not selected
/// on the current connection, and reconnects on its own when the server closed an idle one.
///
/// Not thread-safe, on purpose: a connection belongs to exactly one thread (see ``IMAPClient``).
public final class IMAPConnection {
    public let configuration: IMAPConfiguration
    private var handle: IMAPCurlHandle
    /// UIDVALIDITY of the folders selected on the current connection, as their SELECT reported it.
    private var uidValidities: [String: UInt32] = [:]
    /// The capabilities the server announced last (after login, they include MOVE and UIDPLUS).
    private var capabilities: Set<String> = []

    /// Creates the handle; nothing is sent until the first operation.
    public init(configuration: IMAPConfiguration) throws(IMAPError) {
        self.configuration = configuration
        self.handle = try IMAPCurlHandle(configuration)
    }

    /// Selects `folder` (or brings its view up to date) and returns its UIDVALIDITY with the UIDs
    /// of its oldest messages not marked deleted, at most `limit` (and at most ``IMAPConfiguration/listingLimit``), in ascending order.
    public func waiting(in folder: IMAPFolderName, limit: Int) throws(IMAPError) -> (uidValidity: UInt32, uids: [UInt32]) {
        let count = max(1, min(limit, IMAPConfiguration.listingLimit))
        // A folder already selected on this connection shows mail that arrived since only after
        // the server syncs its view, which NOOP asks for (SEARCH alone searches the old view).
        _ = try run(url: configuration.url(folder: folder), command: "NOOP")
        let transfer = try run(url: configuration.url(folder: folder), command: "UID SEARCH 1:\(count) UNDELETED")
        var uids: [UInt32] = []
        for line in transfer.untagged where line.uppercased().hasPrefix("SEARCH") {
            uids += line.split(separator: " ").dropFirst().compactMap { UInt32($0) }
        }
        return (try uidValidity(of: folder), Array(uids.sorted().prefix(count)))
    }

    /// The folder's UIDVALIDITY: as its last SELECT on this connection said, or asked with STATUS.
    public func uidValidity(of folder: IMAPFolderName) throws(IMAPError) -> UInt32 {
        if let known = uidValidities[folder.name] { return known }
        let transfer = try run(url: configuration.url(), command: "STATUS \(folder.quoted) (UIDVALIDITY)", missingFolder: folder)
        for line in transfer.untagged where line.uppercased().hasPrefix("STATUS") {
            if let value = line.range(of: "UIDVALIDITY ").flatMap({ UInt32(line[$0.upperBound...].prefix(while: \.isNumber)) }) {
                return value
            }
        }
        throw IMAPError(.commandRefused, "\(configuration.serverURL) gave no UIDVALIDITY for folder \"\(folder)\"")
    }

    /// The message's size in bytes (RFC822.SIZE), as the server reports it.
    public func size(of uid: UInt32, in folder: IMAPFolderName, uidValidity: UInt32) throws(IMAPError) -> Int {
        let url = configuration.url(folder: folder, uidValidity: uidValidity)
        let transfer = try run(url: url, command: "UID FETCH \(uid) (RFC822.SIZE)")
        for line in transfer.untagged where line.uppercased().contains("FETCH") {
            if let range = line.range(of: "RFC822.SIZE "), let size = Int(line[range.upperBound...].prefix(while: \.isNumber)) {
                return size
            }
        }
        throw IMAPError(.messageMissing, "no message with UID \(uid) in folder \"\(folder)\" on \(configuration.serverURL): it was moved or expunged by someone else")
    }

    /// The whole message. Its size is checked first, so a message over the limit is refused
    /// before any of it is read; the download is bounded by the same limit whatever the server sends.
    public func fetch(_ uid: UInt32, in folder: IMAPFolderName, uidValidity: UInt32) throws(IMAPError) -> [UInt8] {
        let limit = configuration.messageSizeLimit
        let size = try size(of: uid, in: folder, uidValidity: uidValidity)
        guard size <= limit else {
            throw IMAPError(.messageTooLarge, "message \(uidValidity)/\(uid) in folder \"\(folder)\" is \(size) bytes, over the \(limit)-byte limit; it was not read")
        }
        let url = configuration.url(folder: folder, uidValidity: uidValidity, uid: uid)
        return try run(url: url, command: nil, bodyLimit: limit).body
    }

    /// Moves the message to `target`: UID MOVE where the server has it, else UID COPY, a
    /// `\Deleted` flag and an expunge (of that UID alone where the server has UIDPLUS).
    public func move(_ uid: UInt32, in folder: IMAPFolderName, uidValidity: UInt32, to target: IMAPFolderName) throws(IMAPError) {
        let url = configuration.url(folder: folder, uidValidity: uidValidity)
        if capabilities.isEmpty { _ = try run(url: url, command: "NOOP") }
        if capabilities.contains("MOVE") {
            _ = try run(url: url, command: "UID MOVE \(uid) \(target.quoted)", missingFolder: target)
            return
        }
        _ = try run(url: url, command: "UID COPY \(uid) \(target.quoted)", missingFolder: target)
        _ = try run(url: url, command: "UID STORE \(uid) +FLAGS.SILENT (\\Deleted)")
        _ = try run(url: url, command: capabilities.contains("UIDPLUS") ? "UID EXPUNGE \(uid)" : "EXPUNGE")
    }

    /// Creates `folder` unless it exists already. Asks with LIST first: a refused CREATE would
    /// cost a new connection (libcurl logs out after a refused command).
    public func createIfMissing(_ folder: IMAPFolderName) throws(IMAPError) {
        let listing = try run(url: configuration.url(), command: "LIST \"\" \(folder.quoted)")
        guard !listing.untagged.contains(where: { $0.uppercased().hasPrefix("LIST ") }) else { return }
        do throws(IMAPError) {
            _ = try run(url: configuration.url(), command: "CREATE \(folder.quoted)")
        } catch {
            guard error.code == .commandRefused, error.message.uppercased().contains("ALREADYEXISTS") else { throw error }
        }
    }

    /// Whether the server announced `capability` (after login); empty before the first command.
    public func announced(_ capability: String) -> Bool {
        capabilities.contains(capability.uppercased())
    }

    /// Runs one command and turns a failure into an ``IMAPError``. A tagged NO with TRYCREATE, or
    /// a refused STATUS, means `missingFolder` does not exist.
    private func run(url: String, command: String?, bodyLimit: Int = 1024 * 1024, missingFolder: IMAPFolderName? = nil) throws(IMAPError) -> IMAPTransfer {
        let transfer = IMAPTransfer(bodyLimit: bodyLimit)
        let (result, newConnections, errorText) = try handle.perform(url: url, customRequest: command, transfer: transfer)
        if newConnections > 0 { uidValidities = [:] }
        if let folder = transfer.lastSelectedFolder, let value = transfer.selectedUIDValidity { uidValidities[folder] = value }
        if let announced = transfer.capabilities { capabilities = announced }
        guard result != CURLE_OK else { return transfer }
        var error = IMAPFailure.classify(result, transfer: transfer, errorText: errorText, configuration: configuration)
        if let missingFolder, error.code == .commandRefused, let reply = transfer.taggedReply, reply.status == "NO",
           reply.text.uppercased().contains("TRYCREATE") || reply.text.lowercased().contains("doesn't exist") || reply.text.lowercased().contains("does not exist") {
            error = IMAPError(.folderMissing, "the folder \"\(missingFolder)\" does not exist for user \(configuration.username) on \(configuration.serverURL) (server said: NO \(reply.text)); create it or fix the folder setting")
        }
        if transfer.taggedReply == nil { replaceHandle() }
        throw error
    }

    /// Drops the current connection without waiting on it, and prepares a new handle.
    private func replaceHandle() {
        guard let fresh = try? IMAPCurlHandle(configuration) else { return }
        handle.abandonConnection()
        handle = fresh
        uidValidities = [:]
    }
}
