import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real MTA for the tests: a Postfix instance (Debian's postfix) on 127.0.0.1, with its own
/// config_directory, queue_directory and data_directory in a fresh temporary folder, so that the
/// delivery status notifications Keepsake reads are Postfix's own.
///
/// Its smtpd listens on a free port (``url``; nothing on port 25) and accepts mail from loopback:
/// - to any user at ``localDomain`` (`shop.test`): delivered by local(8), so an unknown user
///   BOUNCES after acceptance, with a DSN (Action: failed, Status: 5.1.1);
/// - to ``unreachableDomain`` (`unreachable.test`): relayed to `[127.0.0.1]:1`, which refuses, so
///   the mail is deferred and a DELAY DSN (Action: delayed, Status: 4.4.1) follows after
///   `delay_warning_time` = 1 s (retries every second or two until ``stop()``);
/// - to anyone at ``returnsDomain`` (`returns.test`, any local part, `+` is the recipient
///   delimiter): delivered by virtual(8) into one Maildir, ``returnsMaildir``. Use a VERP
///   envelope sender there (`bounces+ID-SIGNATURE@returns.test`) and every DSN lands in it.
///
/// ```swift
/// let postfix = try PostfixServer.start()
/// defer { postfix.stop() }
/// // send to postfix.url (smtp://127.0.0.1:PORT, no TLS) with MAIL FROM bounces+…@returns.test
/// let dsns = try postfix.waitForReturnedMessages(count: 2, timeout: 60)
/// // or serve them over IMAP: DovecotServer.start(.init(home: postfix.returnsHome))
/// ```
///
/// Postfix logs to `maillog` in ``directory`` (the place to look when a test is puzzling). The
/// folder is removed by ``stop()`` unless `KEEPSAKE_KEEP_POSTFIX` is set. Needs root (Postfix's
/// master and local delivery run as root; the mail files belong to uid/gid 65534).
public final class PostfixServer: @unchecked Sendable {
    public let port: Int
    /// `smtp://127.0.0.1:PORT`.
    public var url: String { "smtp://127.0.0.1:\(port)" }
    public let localDomain = "shop.test"
    public let unreachableDomain = "unreachable.test"
    public let returnsDomain = "returns.test"
    /// The home of the returns mailbox: give it to ``DovecotServer/Options/home``.
    public let returnsHome: URL
    /// Where every message to ``returnsDomain`` is delivered (`new/` files).
    public var returnsMaildir: URL { returnsHome.appendingPathComponent("Maildir", isDirectory: true) }
    public let directory: URL
    private var configurationDirectory: URL { directory.appendingPathComponent("config", isDirectory: true) }
    private let stopped = NSLock()
    private var isStopped = false

    private init(port: Int, directory: URL) {
        self.port = port
        self.directory = directory
        self.returnsHome = directory.appendingPathComponent("mail/returns", isDirectory: true)
    }

    deinit { stop() }

    /// Writes main.cf and master.cf, runs `postfix -c … start`, and returns once smtpd listens.
    public static func start() throws -> PostfixServer {
        let fileManager = FileManager.default
        guard fileManager.isExecutableFile(atPath: "/usr/sbin/postfix") else {
            throw LoopbackPortError(description: "Postfix is not installed (/usr/sbin/postfix): `make deps` installs Debian's postfix")
        }
        let directory = fileManager.temporaryDirectory.appendingPathComponent("keepsake-postfix-\(UUID().uuidString.prefix(8))", isDirectory: true)
        let server = PostfixServer(port: try LoopbackPort.free(), directory: directory)
        for part in ["config", "queue", "data", "mail/returns/Maildir/new", "mail/returns/Maildir/cur", "mail/returns/Maildir/tmp"] {
            try fileManager.createDirectory(at: directory.appendingPathComponent(part), withIntermediateDirectories: true)
        }
        chmod(directory.path, 0o755)
        if let postfixUser = getpwnam("postfix") {
            chown(directory.appendingPathComponent("data").path, postfixUser.pointee.pw_uid, postfixUser.pointee.pw_gid)
        }
        for part in ["mail/returns", "mail/returns/Maildir", "mail/returns/Maildir/new", "mail/returns/Maildir/cur", "mail/returns/Maildir/tmp"] {
            chown(directory.appendingPathComponent(part).path, 65534, 65534)
        }
        try server.mainConfiguration.write(to: server.configurationDirectory.appendingPathComponent("main.cf"), atomically: true, encoding: .utf8)
        try server.masterConfiguration.write(to: server.configurationDirectory.appendingPathComponent("master.cf"), atomically: true, encoding: .utf8)
        do {
            try server.postfix("start")
            try LoopbackPort.waitUntilListening([server.port], timeout: 20)
        } catch {
            let log = (try? String(contentsOf: directory.appendingPathComponent("maillog"), encoding: .utf8)) ?? ""
            server.stop()
            throw LoopbackPortError(description: "Postfix did not start: \(error)\n\(log)")
        }
        return server
    }

    /// The messages in ``returnsMaildir`` now, in delivery order (file names start with the time).
    public func returnedMessages() throws -> [[UInt8]] {
        let new = returnsMaildir.appendingPathComponent("new")
        let names = try FileManager.default.contentsOfDirectory(atPath: new.path).sorted()
        return try names.map { Array(try Data(contentsOf: new.appendingPathComponent($0))) }
    }

    /// Waits, polling every 100 ms, until ``returnsMaildir`` holds `count` messages; throws with
    /// the mail log after `timeout` seconds.
    public func waitForReturnedMessages(count: Int, timeout: TimeInterval) throws -> [[UInt8]] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let messages = try returnedMessages()
            if messages.count >= count { return messages }
            guard Date() < deadline else {
                let log = (try? String(contentsOf: directory.appendingPathComponent("maillog"), encoding: .utf8)) ?? ""
                throw LoopbackPortError(description: "Postfix returned \(messages.count) of \(count) messages within \(Int(timeout)) s; its log:\n\(log)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// `postfix stop`, then SIGKILL to the master if it is still there; removes the folder.
    public func stop() {
        let alreadyStopped = stopped.withLock {
            defer { isStopped = true }
            return isStopped
        }
        guard !alreadyStopped else { return }
        let pidFile = directory.appendingPathComponent("queue/pid/master.pid")
        let master = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        try? postfix("stop")
        if let master {
            let deadline = Date().addingTimeInterval(10)
            while kill(master, 0) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if kill(master, 0) == 0 { kill(master, SIGKILL) }
        }
        if ProcessInfo.processInfo.environment["KEEPSAKE_KEEP_POSTFIX"] == nil {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    private func postfix(_ command: String) throws {
        let output = directory.appendingPathComponent("postfix-\(command).log")
        try TLSMaterial.runTool("/usr/sbin/postfix", ["-c", configurationDirectory.path, command], outputFile: output)
    }

    private var mainConfiguration: String {
        let path = directory.path
        return """
        compatibility_level = 3.6
        queue_directory = \(path)/queue
        data_directory = \(path)/data
        mail_owner = postfix
        setgid_group = postdrop
        maillog_file_prefixes = \(path)
        maillog_file = \(path)/maillog
        inet_interfaces = 127.0.0.1
        inet_protocols = ipv4
        myhostname = mta.keepsake.test
        mydomain = keepsake.test
        myorigin = keepsake.test
        mynetworks = 127.0.0.0/8
        mydestination = \(localDomain)
        local_recipient_maps =
        alias_maps =
        alias_database =
        biff = no
        virtual_mailbox_domains = \(returnsDomain)
        virtual_mailbox_base = \(path)/mail
        virtual_mailbox_maps = static:returns/Maildir/
        virtual_uid_maps = static:65534
        virtual_gid_maps = static:65534
        transport_maps = inline:{\(unreachableDomain)=smtp:[127.0.0.1]:1}
        recipient_delimiter = +
        delay_warning_time = 1s
        queue_run_delay = 1s
        minimal_backoff_time = 1s
        maximal_backoff_time = 2s
        smtp_dns_support_level = disabled
        smtp_connect_timeout = 2s

        """
    }

    /// The services Postfix needs, none chrooted; smtpd only on 127.0.0.1:port.
    private var masterConfiguration: String {
        """
        127.0.0.1:\(port) inet n - n - - smtpd
        pickup unix n - n 60 1 pickup
        cleanup unix n - n - 0 cleanup
        qmgr unix n - n 300 1 qmgr
        rewrite unix - - n - - trivial-rewrite
        bounce unix - - n - 0 bounce
        defer unix - - n - 0 bounce
        trace unix - - n - 0 bounce
        verify unix - - n - 1 verify
        flush unix n - n 1000? 0 flush
        proxymap unix - - n - - proxymap
        smtp unix - - n - - smtp
        relay unix - - n - - smtp
        showq unix n - n - - showq
        error unix - - n - - error
        retry unix - - n - - error
        discard unix - - n - - discard
        local unix - n n - - local
        virtual unix - n n - - virtual
        anvil unix - - n - 1 anvil
        scache unix - - n - 1 scache
        postlog unix-dgram n - n - 1 postlogd

        """
    }
}
