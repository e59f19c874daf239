import Foundation

/// A Maildir folder as a source of returned mail: the messages in its `new/` and `cur/`, oldest
/// first. Once a message's effects are committed it is moved — a rename, so it is in exactly one
/// place — to `cur/` of the processed folder or of the kept-aside folder. The spool that
/// `keepsake inbound` writes is read this way too.
///
/// A message larger than `sizeLimit` is read only up to one byte past the limit, so the reader
/// refuses it by its size (kept aside) without holding it whole.
public struct MaildirSource: InboundSource {
    /// The Maildir read (holding `new/`, `cur/`, `tmp/`).
    public let folder: URL
    /// Where processed mail goes (a Maildir; created when missing).
    public let processedFolder: URL
    /// Where unrecognised, unreadable and unverified mail goes (a Maildir; created when missing).
    public let keptAsideFolder: URL
    /// The largest message read whole.
    public let sizeLimit: Int
    /// `maildir PATH`, or `spool PATH`.
    public let description: String

    /// A source reading `folder`, putting mail away in `processedFolder` (default `folder/.processed`)
    /// and `keptAsideFolder` (default `folder/.kept-aside`), the Maildir++ subfolder convention.
    public init(
        folder: URL, processedFolder: URL? = nil, keptAsideFolder: URL? = nil, sizeLimit: Int = InboundLimits().maximumMessageSize,
        kind: String = "maildir"
    ) {
        self.folder = folder
        self.processedFolder = processedFolder ?? folder.appendingPathComponent(".processed", isDirectory: true)
        self.keptAsideFolder = keptAsideFolder ?? folder.appendingPathComponent(".kept-aside", isDirectory: true)
        self.sizeLimit = sizeLimit
        description = "\(kind) \(folder.path)"
    }

    public func waiting(limit: Int) async throws -> [InboundItem] {
        // Maildir file names begin with the delivery's time in seconds: their order is the arrival order.
        var files: [(name: String, key: String, url: URL)] = []
        for sub in ["new", "cur"] {
            let directory = folder.appendingPathComponent(sub, isDirectory: true)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            for name in names where !name.hasPrefix(".") {
                let url = directory.appendingPathComponent(name)
                let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
                guard attributes?[.type] as? FileAttributeType == .typeRegular else { continue }
                files.append((name, "\(sub)/\(name)", url))
            }
        }
        files.sort { ($0.name, $0.key) < ($1.name, $1.key) }
        return try files.prefix(max(0, limit)).map { file in
            InboundItem(key: file.key, bytes: try Self.read(file.url, upTo: sizeLimit + 1))
        }
    }

    public func finish(_ item: InboundItem, as disposition: InboundDisposition) async throws {
        let target = disposition == .processed ? processedFolder : keptAsideFolder
        let cur = target.appendingPathComponent("cur", isDirectory: true)
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: target.appendingPathComponent(sub, isDirectory: true), withIntermediateDirectories: true)
        }
        let name = item.key.split(separator: "/").last.map(String.init) ?? item.key
        let from = folder.appendingPathComponent(item.key)
        guard rename(from.path, cur.appendingPathComponent(name).path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [
                NSFilePathErrorKey: from.path,
                NSLocalizedDescriptionKey: "cannot move \(from.path) to \(cur.path): \(String(cString: strerror(errno)))",
            ])
        }
    }

    /// The first `count` bytes of a file.
    static func read(_ url: URL, upTo count: Int) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        while bytes.count < count, let chunk = try handle.read(upToCount: min(1 << 20, count - bytes.count)), !chunk.isEmpty {
            bytes += chunk
        }
        return bytes
    }
}
