import Foundation

/// The spool `keepsake inbound` writes for an MTA's pipe transport or alias: a Maildir the
/// daemon reads (``MaildirSource``). The MTA's user cannot write the database, so a message is
/// only spooled — written to `tmp/`, flushed, then renamed into `new/`, so the daemon never sees
/// half a message.
public struct InboundSpool: Sendable {
    /// The spool folder (a Maildir: `tmp/`, `new/`, `cur/`).
    public let folder: URL
    /// The largest message spooled whole.
    public let sizeLimit: Int

    public init(folder: URL, sizeLimit: Int = InboundLimits().maximumMessageSize) {
        self.folder = folder
        self.sizeLimit = sizeLimit
    }

    /// What spooling a message did.
    public struct Spooled: Sendable, Hashable {
        /// The file in `new/`.
        public var file: URL
        /// The bytes read from the input.
        public var size: Int
        /// True when the input was larger than the limit: only its first limit-plus-one bytes were
        /// kept (the daemon keeps such a message aside as too large); the rest was read and dropped.
        public var truncated: Bool
    }

    /// Reads one message from `input` to its end and spools it.
    ///
    /// - Throws: ``InboundSpoolError`` when the spool cannot be written (missing folder, no
    ///   permission, a full disk); nothing is left in `new/` then.
    public func spool(from input: FileHandle) throws -> Spooled {
        let name = Self.uniqueName()
        let tmp = folder.appendingPathComponent("tmp", isDirectory: true).appendingPathComponent(name)
        let new = folder.appendingPathComponent("new", isDirectory: true).appendingPathComponent(name)
        let descriptor = open(tmp.path, O_WRONLY | O_CREAT | O_EXCL, 0o640)
        guard descriptor >= 0 else { throw InboundSpoolError(path: tmp.path, doing: "create", errno: errno) }
        var kept = 0
        var size = 0
        do {
            defer { close(descriptor) }
            while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                size += chunk.count
                let room = sizeLimit + 1 - kept
                guard room > 0 else { continue }
                let part = chunk.prefix(room)
                try part.withUnsafeBytes { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                        guard written > 0 else { throw InboundSpoolError(path: tmp.path, doing: "write", errno: errno) }
                        offset += written
                    }
                }
                kept += part.count
            }
            guard fsync(descriptor) == 0 else { throw InboundSpoolError(path: tmp.path, doing: "flush", errno: errno) }
        } catch {
            unlink(tmp.path)
            throw error
        }
        guard rename(tmp.path, new.path) == 0 else {
            let code = errno
            unlink(tmp.path)
            throw InboundSpoolError(path: new.path, doing: "move into place", errno: code)
        }
        return Spooled(file: new, size: size, truncated: size > sizeLimit)
    }

    /// A Maildir file name: seconds, a unique part (microseconds, process id, a random number) and the host.
    static func uniqueName() -> String {
        var now = timeval()
        gettimeofday(&now, nil)
        let host = ProcessInfo.processInfo.hostName.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: ":", with: "_")
        return "\(now.tv_sec).M\(now.tv_usec)P\(getpid())R\(UInt32.random(in: 0...UInt32.max)).\(host)"
    }
}

/// The spool could not be written: the MTA should try again later (exit 75, EX_TEMPFAIL).
public struct InboundSpoolError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let doing: String
    public let reason: String

    init(path: String, doing: String, errno code: Int32) {
        self.path = path
        self.doing = doing
        reason = String(cString: strerror(code))
    }

    public var description: String {
        "cannot \(doing) \(path): \(reason); check that the spool folder (inbound.spool) exists with tmp/ and new/ and that "
            + "the MTA's user may write to it"
    }
}
